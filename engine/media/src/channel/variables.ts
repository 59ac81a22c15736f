/**
 * Channel variables with FreeSWITCH's ordering: setting a variable moves it to the end
 * (channel variables are an event with unique headers; switch_event_add_header deletes first).
 * Events list them in this order as `variable_<name>`.
 */
import type { EventValue } from '../events/index.js';

/** The variables of one channel. */
export class ChannelVariables {
  readonly #values = new Map<string, EventValue>();

  /** Sets a variable; an empty or undefined value unsets it (switch_channel_set_variable with NULL). */
  set(name: string, value: EventValue | undefined): void {
    this.#values.delete(name);
    if (value === undefined || value === '') return;
    this.#values.set(name, value);
  }

  /** Sets a variable only when it is not set yet. */
  setDefault(name: string, value: string): void {
    if (!this.#values.has(name)) this.#values.set(name, value);
  }

  /** Removes a variable. */
  unset(name: string): void {
    this.#values.delete(name);
  }

  /** Reads a variable; arrays give FreeSWITCH's `ARRAY::a|:b` text. */
  get(name: string): string | undefined {
    const v = this.#values.get(name);
    if (v === undefined) return undefined;
    return typeof v === 'string' ? v : `ARRAY::${v.join('|:')}`;
  }

  /** True when set. */
  has(name: string): boolean {
    return this.#values.has(name);
  }

  /** All variables in event order. */
  entries(): Array<[string, EventValue]> {
    return Array.from(this.#values.entries());
  }

  /**
   * Expands `${name}` references (switch_channel_expand_variables, the simple form without
   * nested expressions or `${api ...}` calls). Unknown variables expand to nothing.
   */
  expand(text: string): string {
    if (!text.includes('${')) return text;
    return text.replace(/\$\{([^{}]+)\}/g, (_, name: string) => this.get(name.trim()) ?? '');
  }
}

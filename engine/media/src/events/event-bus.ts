/**
 * The engine's event dispatcher (switch_event_fire): stamps the core headers that every
 * FreeSWITCH event starts with and hands the event to every subscriber (ESL listeners).
 */
import type { EventValue, FsEvent } from './fs-event.js';

/** What the engine reports about itself in every event (`Core-UUID`, `FreeSWITCH-*`). */
export interface EngineIdentity {
  readonly coreUuid: string;
  readonly hostname: string;
  readonly switchname: string;
  readonly ipv4: string;
  readonly ipv6: string;
  readonly version: string;
}

/** Where an event is raised in FreeSWITCH's source (`Event-Calling-*`), kept for fidelity. */
export interface CallingSite {
  readonly file: string;
  readonly func: string;
  readonly line: number;
}

/** A subscriber. */
export type EventListener = (event: FsEvent) => void;

/** Formats a date as FreeSWITCH's `Event-Date-Local` (`%Y-%m-%d %T`, local time). */
export function formatDateLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Formats a date as FreeSWITCH's `Event-Date-GMT` (RFC 822, e.g. `Fri, 02 Aug 2024 19:02:27 GMT`). */
export function formatDateGmt(ms: number): string {
  return new Date(ms).toUTCString();
}

/** Fires events to listeners; numbers them with `Event-Sequence`. */
export class EventBus {
  readonly #listeners = new Set<EventListener>();
  readonly #identity: EngineIdentity;
  readonly #nowMs: () => number;
  #sequence = 0;

  /** Creates a bus for an engine identity; `nowMs` is wall-clock milliseconds. */
  constructor(identity: EngineIdentity, nowMs: () => number) {
    this.#identity = identity;
    this.#nowMs = nowMs;
  }

  /** The engine identity. */
  get identity(): EngineIdentity {
    return this.#identity;
  }

  /** Adds a listener; returns its removal. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The headers every event starts with, in FreeSWITCH's order (switch_event_prep_for_delivery).
   * `Event-Sequence` is taken here, so build and publish events in firing order.
   */
  coreHeaders(name: string, site: CallingSite): Array<[string, EventValue]> {
    const ms = this.#nowMs();
    const id = this.#identity;
    this.#sequence++;
    return [
      ['Event-Name', name],
      ['Core-UUID', id.coreUuid],
      ['FreeSWITCH-Hostname', id.hostname],
      ['FreeSWITCH-Switchname', id.switchname],
      ['FreeSWITCH-IPv4', id.ipv4],
      ['FreeSWITCH-IPv6', id.ipv6],
      ['Event-Date-Local', formatDateLocal(ms)],
      ['Event-Date-GMT', formatDateGmt(ms)],
      ['Event-Date-Timestamp', `${Math.round(ms * 1000)}`],
      ['Event-Calling-File', site.file],
      ['Event-Calling-Function', site.func],
      ['Event-Calling-Line-Number', `${site.line}`],
      ['Event-Sequence', `${this.#sequence}`],
    ];
  }

  /** Delivers an event to every listener, in subscription order. */
  publish(event: FsEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}

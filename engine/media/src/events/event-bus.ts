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

  readonly #interests = new Map<EventListener, (name: string) => boolean>();

  /**
   * Adds a listener; returns its removal. `interest` tells whether the listener could want an
   * event of that name at all (its subscriptions, before filters): events nobody wants are not
   * even built (see {@link wants}).
   */
  subscribe(listener: EventListener, interest: (name: string) => boolean = () => true): () => void {
    this.#listeners.add(listener);
    this.#interests.set(listener, interest);
    return () => {
      this.#listeners.delete(listener);
      this.#interests.delete(listener);
    };
  }

  /**
   * True when some listener may want an event of this name. A channel with a hundred variables
   * makes each event a few hundred headers; with one socket per call and every prompt restart
   * firing four events, skipping unwanted ones keeps bursts off the media clock.
   */
  wants(name: string): boolean {
    for (const interest of this.#interests.values()) if (interest(name)) return true;
    return false;
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

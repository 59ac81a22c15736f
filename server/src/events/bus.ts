/**
 * The typed internal event bus (ARCHITECTURE §2): call.*, registration.*, agent.*, queue.*,
 * presence.*, voicemail.* events. CDR writer, API stream, event socket and NOTIFY senders
 * subscribe; nothing polls. Handlers run synchronously in emit order; a failing handler is
 * logged and does not stop the others.
 */
import type { Logger } from 'pino';
import type { EventMap, EventName } from './events.js';

/** A handler for one event kind. */
export type Handler<K extends EventName> = (payload: EventMap[K]) => void;

/** One emitted event, as `onAny` listeners see it. */
export interface BusEvent<K extends EventName = EventName> {
  readonly name: K;
  readonly at: number;
  readonly payload: EventMap[K];
}

/** The bus. */
export class EventBus {
  private readonly handlers = new Map<EventName, Set<Handler<never>>>();
  private readonly any = new Set<(e: BusEvent) => void>();

  constructor(private readonly log: Logger, private readonly now: () => number = Date.now) {}

  /** Subscribes to one event kind; returns the unsubscribe function. */
  on<K extends EventName>(name: K, fn: Handler<K>): () => void {
    let set = this.handlers.get(name);
    if (!set) this.handlers.set(name, (set = new Set()));
    set.add(fn as Handler<never>);
    return () => set.delete(fn as Handler<never>);
  }

  /** Subscribes to every event (API stream, event socket). */
  onAny(fn: (e: BusEvent) => void): () => void {
    this.any.add(fn);
    return () => this.any.delete(fn);
  }

  /** Emits an event to its handlers, then to the `onAny` listeners. */
  emit<K extends EventName>(name: K, payload: EventMap[K]): void {
    const set = this.handlers.get(name);
    if (set) for (const fn of set) this.safe(() => (fn as Handler<K>)(payload), name);
    if (this.any.size) {
      const e: BusEvent = { name, at: this.now(), payload } as BusEvent;
      for (const fn of this.any) this.safe(() => fn(e), name);
    }
  }

  private safe(fn: () => void, name: string): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err, event: name }, 'event handler failed');
    }
  }
}

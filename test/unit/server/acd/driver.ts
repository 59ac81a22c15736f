import { initialState, nextDeadline, reconfigure, step } from '../../../../server/src/acd/index.js';
import type {
  AcdCommand, AcdConfig, AcdInput, AcdState, HotlineConfig, OfferCommand, OfferRejectReason,
} from '../../../../server/src/acd/index.js';

/** Epoch ms of a Tuesday morning in Berlin, so day counters do not roll over mid-test. */
export const T0 = Date.UTC(2026, 4, 12, 7, 0, 0);

/** Seconds after T0, in epoch ms. */
export const at = (sec: number): number => T0 + sec * 1000;

/** A config from hotline configs (keyed by their number). */
export function configOf(...hotlines: HotlineConfig[]): AcdConfig {
  return { hotlines: Object.fromEntries(hotlines.map((h) => [h.number, h])) };
}

/** Drives the reducer like an adapter would and keeps what it said, for scenario tests. */
export class Driver {
  state: AcdState;
  now = T0;
  log: AcdCommand[] = [];
  last: readonly AcdCommand[] = [];
  private callers = new Map<string, { hotline: string; callerNumber: string }>();

  constructor(config: AcdConfig, public readonly calls: Map<string, string> = new Map()) {
    this.state = initialState(config, { now: T0 });
  }

  send(input: AcdInput, sec?: number): readonly AcdCommand[] {
    if (sec !== undefined) this.now = at(sec);
    const r = step(this.state, input, this.now);
    this.state = r.state;
    this.last = r.commands;
    this.log.push(...r.commands);
    return r.commands;
  }

  reconfigure(config: AcdConfig, sec?: number): readonly AcdCommand[] {
    if (sec !== undefined) this.now = at(sec);
    const r = reconfigure(this.state, config, this.now);
    this.state = r.state;
    this.last = r.commands;
    this.log.push(...r.commands);
    return r.commands;
  }

  /** Ticks at `sec` (or at the next deadline) and returns the commands. */
  tick(sec?: number): readonly AcdCommand[] {
    const next = nextDeadline(this.state);
    if (sec === undefined && next === null) throw new Error('nothing pending');
    return this.send({ type: 'tick' }, sec ?? (next as number - T0) / 1000);
  }

  login(extension: string, hotline?: string, sec?: number): readonly AcdCommand[] {
    return this.send({ type: 'agent.login', extension, ...(hotline === undefined ? {} : { hotline }) }, sec);
  }

  arrive(callId: string, hotline: string, sec?: number, extra: { priority?: number; requires?: Record<string, number> } = {}): readonly AcdCommand[] {
    const callerNumber = `+49301234${callId.replace(/\D/g, '').padStart(3, '0')}`;
    this.callers.set(callId, { hotline, callerNumber });
    return this.send({ type: 'call.arrived', hotline, callId, callerNumber, ...extra }, sec);
  }

  private ref(callId: string): { hotline: string; callId: string; callerNumber: string } {
    const c = this.callers.get(callId);
    if (c === undefined) throw new Error(`unknown call ${callId}`);
    return { ...c, callId };
  }

  /** The latest offer command that rings `extension` (live or not). */
  offerTo(extension: string): OfferCommand | undefined {
    for (let i = this.log.length - 1; i >= 0; i--) {
      const c = this.log[i] as AcdCommand;
      if (c.type === 'offer' && c.agents.includes(extension)) return c;
    }
    return undefined;
  }

  answer(extension: string, sec?: number): readonly AcdCommand[] {
    const o = this.offerTo(extension);
    if (o === undefined) throw new Error(`no offer to ${extension}`);
    return this.send({ type: 'offer.answered', ...this.ref(o.callId), offerId: o.offerId, extension }, sec);
  }

  reject(extension: string, reason: OfferRejectReason, sec?: number): readonly AcdCommand[] {
    const o = this.offerTo(extension);
    if (o === undefined) throw new Error(`no offer to ${extension}`);
    return this.send({ type: 'offer.rejected', ...this.ref(o.callId), offerId: o.offerId, extension, reason }, sec);
  }

  hangUp(callId: string, extension: string, sec?: number): readonly AcdCommand[] {
    return this.send({ type: 'call.ended', ...this.ref(callId), extension }, sec);
  }

  abandon(callId: string, sec?: number): readonly AcdCommand[] {
    return this.send({ type: 'call.abandoned', ...this.ref(callId) }, sec);
  }
}

/** Commands of one type, narrowed. */
export function ofType<K extends AcdCommand['type']>(cmds: readonly AcdCommand[], type: K): Extract<AcdCommand, { type: K }>[] {
  return cmds.filter((c): c is Extract<AcdCommand, { type: K }> => c.type === type);
}

/** Agents offered a call in `cmds`, in order. */
export function offered(cmds: readonly AcdCommand[]): string[][] {
  return ofType(cmds, 'offer').map((o) => [...o.agents]);
}

/**
 * The hunt-group reducer. Groups are small (a handful of members), so the state uses plain
 * immutable maps copied on change. A member (user or external number) is rung for one hunt call at
 * a time and is skipped while busy, unreachable, ringing or connected.
 */
import { huntOrder, resolveGroups } from './order.js';
import type { Group } from './order.js';
import type { HuntCommand, HuntConfig, HuntInput, HuntMember, MemberKey } from './types.js';

interface MemberState {
  readonly device: 'free' | 'busy' | 'unreachable';
  /** The hunt call it rings for or is connected to. */
  readonly busyWith: string | null;
  readonly idleSince: number | null;
}

interface Ringing {
  readonly ringId: number;
  readonly members: readonly MemberKey[];
  readonly until: number;
}

interface HuntCall {
  readonly callId: string;
  readonly group: string;
  readonly callerNumber: string;
  readonly startedAt: number;
  readonly deadline: number;
  readonly order: readonly MemberKey[];
  /** Index in `order` where the next attempt starts looking. */
  readonly pos: number;
  /** Members that declined, were busy or unreachable: not rung again for this call. */
  readonly skip: readonly MemberKey[];
  readonly rungAny: boolean;
  readonly ringing: Ringing | null;
  readonly connectedTo: MemberKey | null;
}

/** The hunt-group state; treat as opaque. */
export interface HuntState {
  readonly groups: ReadonlyMap<string, Group>;
  readonly calls: ReadonlyMap<string, HuntCall>;
  readonly members: ReadonlyMap<MemberKey, MemberState>;
  readonly lastAnswered: ReadonlyMap<string, MemberKey>;
  readonly seq: number;
  readonly now: number;
}

/** What `huntStep` returns. */
export interface HuntStepResult {
  readonly state: HuntState;
  readonly commands: readonly HuntCommand[];
}

const FREE: MemberState = { device: 'free', busyWith: null, idleSince: null };

/** A fresh state for `config` (throws RangeError on values the config schema must have rejected). */
export function huntInitialState(config: HuntConfig, now = 0): HuntState {
  return { groups: resolveGroups(config), calls: new Map(), members: new Map(), lastAnswered: new Map(), seq: 0, now };
}

/** Next instant a `tick` is needed (a ring attempt or a total ring time ends), or null. */
export function huntNextDeadline(state: HuntState): number | null {
  let t: number | null = null;
  for (const c of state.calls.values()) {
    if (c.ringing !== null && (t === null || c.ringing.until < t)) t = c.ringing.until;
  }
  return t;
}

class Builder {
  calls: Map<string, HuntCall>;
  members: Map<MemberKey, MemberState>;
  lastAnswered: Map<string, MemberKey>;
  seq: number;
  readonly out: HuntCommand[] = [];

  constructor(readonly s: HuntState, readonly now: number) {
    this.calls = new Map(s.calls);
    this.members = new Map(s.members);
    this.lastAnswered = new Map(s.lastAnswered);
    this.seq = s.seq;
  }

  member(k: MemberKey): MemberState {
    return this.members.get(k) ?? FREE;
  }

  setMember(k: MemberKey, m: MemberState): void {
    this.members.set(k, m);
  }

  available(k: MemberKey): boolean {
    const m = this.member(k);
    return m.device === 'free' && m.busyWith === null;
  }

  ref(c: HuntCall): { group: string; callId: string; callerNumber: string } {
    return { group: c.group, callId: c.callId, callerNumber: c.callerNumber };
  }

  /** Rings the next member(s) or gives up; `c` has no live ringing. */
  advance(c: HuntCall, group: Group): void {
    const n = c.order.length;
    const pick: MemberKey[] = [];
    let pos = c.pos;
    if (group.strategy === 'ring-all') {
      if (!c.rungAny) for (const k of c.order) if (!c.skip.includes(k) && this.available(k)) pick.push(k);
    } else {
      for (let i = 0; i < n; i++) {
        const k = c.order[(c.pos + i) % n] as MemberKey;
        if (!c.skip.includes(k) && this.available(k)) {
          pick.push(k);
          pos = (c.pos + i + 1) % n;
          break;
        }
      }
    }
    if (pick.length === 0 || this.now >= c.deadline) {
      this.giveUp(c, group, c.rungAny ? 'no-answer' : 'no-members');
      return;
    }
    const ringId = ++this.seq;
    const until = group.strategy === 'ring-all' ? c.deadline : Math.min(c.deadline, this.now + (group.ringMs.get(pick[0] as MemberKey) ?? 0));
    for (const k of pick) this.setMember(k, { ...this.member(k), busyWith: c.callId });
    this.calls.set(c.callId, { ...c, pos, rungAny: true, ringing: { ringId, members: pick, until } });
    const members = pick.map((k) => group.members[group.keys.indexOf(k)] as HuntMember);
    this.out.push({ type: 'ring', ...this.ref(c), ringId, members, ringSec: (until - this.now) / 1000 });
  }

  /** Stops one ringing leg; returns the call without it. */
  release(c: HuntCall, k: MemberKey, reason: 'answered-elsewhere' | 'abandoned' | 'ring-timeout' | null): HuntCall {
    const r = c.ringing;
    if (r === null || !r.members.includes(k)) return c;
    if (reason !== null) this.out.push({ type: 'cancel-ring', ...this.ref(c), ringId: r.ringId, member: k, reason });
    const m = this.member(k);
    if (m.busyWith === c.callId) this.setMember(k, { ...m, busyWith: null });
    const members = r.members.filter((x) => x !== k);
    const next = { ...c, ringing: members.length > 0 ? { ...r, members } : null };
    this.calls.set(c.callId, next);
    return next;
  }

  giveUp(c: HuntCall, group: Group, reason: 'no-answer' | 'no-members'): void {
    let cur = c;
    for (const k of c.ringing?.members ?? []) cur = this.release(cur, k, 'ring-timeout');
    this.calls.delete(c.callId);
    this.out.push({ type: 'fallback', ...this.ref(c), target: group.noAnswer, reason });
    this.out.push({ type: 'call.outcome', ...this.ref(c), outcome: 'unanswered', member: null, ringSec: (this.now - c.startedAt) / 1000 });
  }
}

function arrived(b: Builder, inp: Extract<HuntInput, { type: 'call.arrived' }>): void {
  if (b.calls.has(inp.callId)) return;
  const group = b.s.groups.get(inp.group);
  const ref = { group: inp.group, callId: inp.callId, callerNumber: inp.callerNumber };
  if (group === undefined) {
    b.out.push({ type: 'fallback', ...ref, target: null, reason: 'unknown-group' });
    b.out.push({ type: 'call.outcome', ...ref, outcome: 'unanswered', member: null, ringSec: 0 });
    return;
  }
  const order = huntOrder(group, { lastAnswered: b.lastAnswered.get(group.number), idleSince: (k) => b.member(k).idleSince });
  const call: HuntCall = {
    ...ref, startedAt: b.now, deadline: b.now + group.totalMs, order, pos: 0, skip: [], rungAny: false, ringing: null, connectedTo: null,
  };
  b.calls.set(call.callId, call);
  b.advance(call, group);
}

function answered(b: Builder, inp: Extract<HuntInput, { type: 'leg.answered' }>): void {
  const c = b.calls.get(inp.callId);
  const group = c === undefined ? undefined : b.s.groups.get(c.group);
  if (c === undefined || group === undefined || c.ringing?.ringId !== inp.ringId || !c.ringing.members.includes(inp.member)) {
    if (c?.connectedTo === inp.member) return;
    b.out.push({ type: 'cancel-ring', group: inp.group, callId: inp.callId, callerNumber: inp.callerNumber, ringId: inp.ringId, member: inp.member, reason: 'late-answer' });
    return;
  }
  let cur = c;
  for (const k of c.ringing.members) if (k !== inp.member) cur = b.release(cur, k, 'answered-elsewhere');
  b.calls.set(c.callId, { ...cur, ringing: null, connectedTo: inp.member });
  b.lastAnswered.set(c.group, inp.member);
  b.out.push({ type: 'connect', ...b.ref(c), ringId: inp.ringId, member: inp.member });
  b.out.push({ type: 'call.outcome', ...b.ref(c), outcome: 'answered', member: inp.member, ringSec: (b.now - c.startedAt) / 1000 });
}

function failed(b: Builder, inp: Extract<HuntInput, { type: 'leg.failed' }>): void {
  const c = b.calls.get(inp.callId);
  const group = c === undefined ? undefined : b.s.groups.get(c.group);
  if (c === undefined || group === undefined || c.ringing?.ringId !== inp.ringId || !c.ringing.members.includes(inp.member)) return;
  let cur = b.release(c, inp.member, null);
  // A member who declined, is busy or unreachable is not tried again for this call.
  if (inp.reason !== 'no-answer') cur = { ...cur, skip: [...cur.skip, inp.member] };
  b.calls.set(cur.callId, cur);
  if (cur.ringing === null) b.advance(cur, group);
}

function abandoned(b: Builder, inp: Extract<HuntInput, { type: 'call.abandoned' | 'call.ended' }>): void {
  const c = b.calls.get(inp.callId);
  if (c === undefined) return;
  if (c.connectedTo !== null) {
    const m = b.member(c.connectedTo);
    b.setMember(c.connectedTo, { ...m, busyWith: m.busyWith === c.callId ? null : m.busyWith, idleSince: b.now });
    b.calls.delete(c.callId);
    return;
  }
  let cur = c;
  for (const k of c.ringing?.members ?? []) cur = b.release(cur, k, 'abandoned');
  b.calls.delete(c.callId);
  b.out.push({ type: 'call.outcome', ...b.ref(c), outcome: 'abandoned', member: null, ringSec: (b.now - c.startedAt) / 1000 });
}

function timers(b: Builder): void {
  for (const c0 of [...b.calls.values()]) {
    const r = c0.ringing;
    const group = b.s.groups.get(c0.group);
    if (r === null || r.until > b.now || group === undefined) continue;
    if (b.now >= c0.deadline) {
      b.giveUp(c0, group, 'no-answer');
      continue;
    }
    let cur = c0;
    for (const k of r.members) cur = b.release(cur, k, 'ring-timeout');
    b.advance(cur, group);
  }
}

/** Applies one input at `now` (epoch ms; never earlier than the state's last instant). */
export function huntStep(state: HuntState, input: HuntInput, now: number): HuntStepResult {
  const b = new Builder(state, Math.max(now, state.now));
  timers(b);
  switch (input.type) {
    case 'call.arrived': arrived(b, input); break;
    case 'leg.answered': answered(b, input); break;
    case 'leg.failed': failed(b, input); break;
    case 'call.abandoned':
    case 'call.ended': abandoned(b, input); break;
    case 'member.device-state': {
      const k = `user:${input.user}`;
      b.setMember(k, { ...b.member(k), device: input.device });
      break;
    }
    case 'tick': break;
    default: {
      const never: never = input;
      throw new Error(`unknown hunt input ${JSON.stringify(never)}`);
    }
  }
  return {
    state: { groups: state.groups, calls: b.calls, members: b.members, lastAnswered: b.lastAnswered, seq: b.seq, now: b.now },
    commands: b.out,
  };
}

/** Members currently rung for or connected to `callId` (for views and tests). */
export function huntCallView(state: HuntState, callId: string): { ringing: readonly MemberKey[]; connectedTo: MemberKey | null } | undefined {
  const c = state.calls.get(callId);
  return c === undefined ? undefined : { ringing: c.ringing?.members ?? [], connectedTo: c.connectedTo };
}

/**
 * Creating the state and applying a changed configuration (issue 6 item 5: applying a changed
 * hotline never logs an agent out and never drops a waiting caller).
 */
import type { AcdConfig, RestoredAgent } from './config-types.js';
import { buildSteps, contextOf, resolveConfig, withIndex } from './config.js';
import type { AcdContext, Line } from './config.js';
import { withdrawFromOffer } from './offers.js';
import { PMap } from './pmap.js';
import { isReady, isStaffed } from './state.js';
import type { AcdState, AgentRec, CallRec, LineRec } from './state.js';
import { baselineOf, settle, step } from './step.js';
import type { StepResult } from './step.js';
import { Tx } from './tx.js';

function blankAgent(extension: string): AgentRec {
  return {
    extension, loggedIn: [], pauseReason: null, device: 'free', call: null, wrapUpUntil: null, backoffUntil: null,
    missedInRow: 0, idleSince: null, callsDay: 0, callsToday: 0, nextAt: null,
  };
}

/** Counts and ready set of `line` from the agent records; runtime fields carried over from `prev`. */
function indexLine(line: Line, agents: PMap<AgentRec>, prev: LineRec | undefined, now: number): LineRec {
  let ready = PMap.empty<true>();
  let loggedIn = 0;
  let staffed = 0;
  for (const ext of line.memberList) {
    const a = agents.get(ext);
    if (a === undefined || !a.loggedIn.includes(line.number)) continue;
    loggedIn++;
    if (isStaffed(a)) staffed++;
    if (isReady(a)) ready = ready.set(ext, true);
  }
  const noAgentSince = loggedIn > 0 ? null : prev === undefined ? now : prev.noAgentSince ?? now;
  return {
    queue: prev?.queue ?? [], ready, loggedIn, staffed, open: prev?.open ?? true,
    understaffedSince: prev?.understaffedSince ?? null, alarmRepeat: prev?.alarmRepeat ?? 0,
    nextAlarmAt: prev?.nextAlarmAt ?? null, noAgentSince, rrLast: prev?.rrLast ?? null,
    handleMs: prev?.handleMs ?? line.handleMs, nextAt: null,
  };
}

/** Logins kept for hotlines the agent is still (or newly retired-but-serving) a member of. */
function keepMemberships(ctx: AcdContext, a: AgentRec): AgentRec {
  const lines = ctx.memberships.get(a.extension) ?? [];
  const kept = a.loggedIn.filter((h) => lines.some((l) => l.number === h));
  if (kept.length === a.loggedIn.length) return a;
  return kept.length > 0 ? { ...a, loggedIn: kept } : { ...a, loggedIn: [], pauseReason: null, missedInRow: 0, wrapUpUntil: null, backoffUntil: null };
}

/** Options of `initialState`. */
export interface InitialStateOptions {
  /** Epoch ms of creation; the no-agent overflow clock of every hotline starts here. Default 0. */
  readonly now?: number;
  /** Persisted logins and pauses to restore after a restart (hotlines.md §8 invariant 15). */
  readonly agents?: readonly RestoredAgent[];
}

/**
 * A fresh state for `config`: every hotline open, nobody waiting, every member logged out unless
 * restored from `options.agents` (unknown extensions and non-member hotlines are ignored).
 * Throws RangeError on values the config schema must have rejected.
 */
export function initialState(config: AcdConfig, options: InitialStateOptions = {}): AcdState {
  const ctx = resolveConfig(config);
  const now = options.now ?? 0;
  let agents = PMap.empty<AgentRec>();
  for (const ext of ctx.memberships.keys()) agents = agents.set(ext, blankAgent(ext));
  for (const r of options.agents ?? []) {
    const a = agents.get(r.extension);
    if (a === undefined) continue;
    agents = agents.set(r.extension, keepMemberships(ctx, {
      ...a,
      loggedIn: [...new Set(r.hotlines)],
      pauseReason: r.hotlines.length > 0 ? r.pauseReason : null,
      idleSince: r.idleSince ?? (r.hotlines.length > 0 ? now : null),
      callsDay: r.callsDay ?? 0,
      callsToday: r.callsToday ?? 0,
    }));
  }
  const lines = ctx.lines.map((line) => indexLine(line, agents, undefined, now));
  return { ctx, now, seq: 0, agents, calls: PMap.empty(), lines, timers: null };
}

/**
 * Applies a changed configuration at `now`. Waiting calls keep their place and get the new
 * requirement, escalation and limits of their hotline; a removed hotline keeps serving the calls
 * that wait in it (it takes no new ones). Agents keep login, pause and reason in every hotline they
 * are still a member of; an agent removed from a hotline's list leaves only that hotline (its ringing
 * offer for a call of that hotline is cancelled, as on logout). Connected calls continue. Due
 * deadlines run first, under the old configuration.
 */
export function reconfigure(state: AcdState, config: AcdConfig, now: number): StepResult {
  const caughtUp = step(state, { type: 'tick' }, now);
  const old = caughtUp.state;
  const fresh = resolveConfig(config);
  const retired = old.ctx.lines.filter((l) => !fresh.byNumber.has(l.number) && (old.lines[l.index]?.queue.length ?? 0) > 0);
  const ctx = contextOf([...fresh.lines, ...retired.map((l, i) => withIndex(l, fresh.lines.length + i, true))]);

  let agents = old.agents;
  const changedLogins: AgentRec[] = [];
  for (const ext of ctx.memberships.keys()) if (!agents.has(ext)) agents = agents.set(ext, blankAgent(ext));
  agents.forEach((a) => {
    const b = keepMemberships(ctx, a);
    if (b !== a) changedLogins.push(a);
  });
  for (const a of changedLogins) agents = agents.set(a.extension, keepMemberships(ctx, a));

  let calls = old.calls;
  old.calls.forEach((c) => {
    const line = ctx.byNumber.get(c.hotline);
    if (line === undefined || c.connectedTo !== null) return;
    calls = calls.set(c.callId, { ...c, steps: c.requires === null ? line.steps : buildSteps(c.requires, line.escalation) });
  });
  const lines = ctx.lines.map((line) => {
    const prevLine = old.ctx.byNumber.get(line.number);
    return indexLine(line, agents, prevLine === undefined ? undefined : old.lines[prevLine.index], old.now);
  });

  // Staffing is compared with the old figures of the same hotline number: a raised minimum alarms too.
  const before = baselineOf(old);
  const baseline = {
    staffed: ctx.lines.map((l, i) => { const p = old.ctx.byNumber.get(l.number); return p === undefined ? (lines[i] as LineRec).staffed : before.staffed[p.index] ?? 0; }),
    minAgents: ctx.lines.map((l) => { const p = old.ctx.byNumber.get(l.number); return p === undefined ? l.minAgents : p.retired ? 0 : p.minAgents; }),
  };
  const tx = new Tx(ctx, { now: old.now, seq: old.seq, agents, calls, lines, timers: old.timers }, old.now, baseline);
  tx.cause = 'reconfigure';
  // Viewers must see the logins a removed membership ended (the indexes already reflect them), and
  // an agent who left a hotline stops ringing for its calls, as with a logout.
  for (const a of changedLogins) {
    tx.noteAgentBefore(a);
    const b = tx.agent(a.extension) as AgentRec;
    const c = b.call?.phase === 'offered' ? tx.call(b.call.callId) : undefined;
    if (c !== undefined && !b.loggedIn.includes(c.hotline)) withdrawFromOffer(tx, c, b.extension, 'agent-unavailable', 'none');
  }
  calls.forEach((c: CallRec) => {
    if (c.connectedTo !== null) return;
    tx.touchCall(c.callId);
    if (c.offer === null) tx.dirtyCalls.push(c.callId);
  });
  agents.forEach((a) => { if (isReady(a)) tx.freedAgents.push(a.extension); });
  ctx.lines.forEach((_, i) => tx.putLine(i, tx.lineRec(i)));
  settle(tx);
  return { state: tx.finish(), commands: [...caughtUp.commands, ...tx.out] };
}

/**
 * Matching waiting calls with ready agents, incrementally. After every step this holds
 * (hotlines.md §8 invariant 6, strong form): no queued call has a ready agent who meets its current
 * requirement. Only what changed is looked at: calls that (re)entered the queue or escalated, and
 * agents that became ready. Candidate calls are served in global order (priority, then wait, across
 * hotlines: invariant 7), so when an agent frees up, the best call among all its hotlines wins.
 */
import { makeOffer } from './offers.js';
import { callOrder, isQueued, isReady, meetsStep, stepIndexAt } from './state.js';
import type { AgentRec, CallRec } from './state.js';
import { pickAgents } from './strategies.js';
import type { Candidate } from './strategies.js';
import type { Tx } from './tx.js';

/** The best queued call, across the agent's hotlines, that the agent may take now. */
function bestCallFor(tx: Tx, a: AgentRec): CallRec | undefined {
  let best: CallRec | undefined;
  for (const h of a.loggedIn) {
    const line = tx.lineByNumber(h);
    if (line === undefined) continue;
    const member = line.members.get(a.extension);
    if (member === undefined) continue;
    for (const id of tx.lineRec(line.index).queue) {
      const c = tx.call(id) as CallRec;
      // Queues are sorted, so the first fit is this hotline's best; later ones cannot beat `best` either.
      if (best !== undefined && callOrder(c, best) >= 0) break;
      if (c.offer !== null) continue;
      if (meetsStep(member, c.steps[stepIndexAt(c, tx.now)] as NonNullable<CallRec['steps'][number]>)) {
        best = c;
        break;
      }
    }
  }
  return best;
}

/** Offers `call` to the agent(s) its hotline's strategy picks among the ready, eligible ones; false if none. */
function offerCall(tx: Tx, call: CallRec): boolean {
  const line = tx.lineByNumber(call.hotline);
  if (line === undefined) return false;
  const rec = tx.lineRec(line.index);
  const stepIdx = stepIndexAt(call, tx.now);
  const step = call.steps[stepIdx] as NonNullable<CallRec['steps'][number]>;
  const cands: Candidate[] = [];
  rec.ready.forEach((_, ext) => {
    const member = line.members.get(ext);
    if (member === undefined || !meetsStep(member, step)) return;
    cands.push({ extension: ext, agent: tx.agent(ext) as AgentRec, member, tried: call.tried.includes(ext) });
  });
  if (cands.length === 0) return false;
  const rrLast = rec.rrLast === null ? undefined : line.members.get(rec.rrLast);
  const exts = pickAgents(line.strategy, cands, {
    call, memberCount: line.memberList.length, rrLastPosition: rrLast?.position ?? -1, today: tx.today(),
  });
  if (exts.length === 0) return false;
  // A round ends when every candidate has been tried; the call then starts over (no agent is skipped forever).
  const allTried = exts.every((e) => call.tried.includes(e));
  const tried = line.strategy === 'ring-all' ? [] : allTried ? exts : [...call.tried, ...exts];
  makeOffer(tx, call, line, exts, tried, stepIdx);
  return true;
}

/**
 * Makes every offer the changes of this step allow. Candidate calls are the dirty calls plus, for
 * each freed agent, its best call; they are served strictly best first. When a call goes to
 * someone else, the freed agents that were waiting for it look for their next-best call, so no
 * agent is ever given a call while a better one it could take stays queued (asterisk#1691: the rule
 * always elects a call).
 */
export function dispatch(tx: Tx): void {
  const freed = tx.freedAgents;
  const dirty = tx.dirtyCalls;
  if (freed.length === 0 && dirty.length === 0) return;
  tx.freedAgents = [];
  tx.dirtyCalls = [];
  const cands = new Map<string, CallRec>();
  for (const id of dirty) {
    const c = tx.call(id);
    if (c !== undefined && isQueued(c)) cands.set(id, c);
  }
  /** Freed agents by the call they wait for. */
  const waitingFor = new Map<string, string[]>();
  const seek = (ext: string): void => {
    const a = tx.agent(ext);
    if (a === undefined || !isReady(a)) return;
    const c = bestCallFor(tx, a);
    if (c === undefined) return;
    cands.set(c.callId, c);
    const list = waitingFor.get(c.callId);
    if (list === undefined) waitingFor.set(c.callId, [ext]);
    else if (!list.includes(ext)) list.push(ext);
  };
  for (const ext of freed) seek(ext);
  while (cands.size > 0) {
    let best: CallRec | undefined;
    for (const c of cands.values()) if (best === undefined || callOrder(c, best) < 0) best = c;
    const call = best as CallRec;
    cands.delete(call.callId);
    const current = tx.call(call.callId);
    if (current !== undefined && isQueued(current)) offerCall(tx, current);
    const waiting = waitingFor.get(call.callId);
    waitingFor.delete(call.callId);
    // Offers never free anybody, so only these agents can still be ready and unmatched.
    for (const ext of waiting ?? []) seek(ext);
  }
}

/**
 * Handlers for agent inputs. Login is per hotline, pause is per agent (all hotlines, as Wazo's
 * QueuePause and TeamDesk's single status). Leaving availability cancels a ringing offer and the
 * call moves on (mod_callcenter's ORIGINATOR_CANCEL); a connected call always continues.
 */
import type { AgentDeviceState, AgentLogin, AgentLogout, AgentPause, AgentResume, AgentWrapUpEnded } from './events.js';
import { withdrawFromOffer } from './offers.js';
import { staffingGuard } from './staffing.js';
import type { AgentRec } from './state.js';
import type { Tx } from './tx.js';

function cancelRinging(tx: Tx, a: AgentRec, onlyHotlines?: readonly string[]): AgentRec {
  if (a.call === null || a.call.phase !== 'offered') return a;
  const c = tx.call(a.call.callId);
  if (c !== undefined && (onlyHotlines === undefined || onlyHotlines.includes(c.hotline))) {
    withdrawFromOffer(tx, c, a.extension, 'agent-unavailable', 'none');
  }
  return tx.agent(a.extension) as AgentRec;
}

/** Logs in to one hotline or to every hotline the agent is a member of; atomically paused if asked (asterisk#1007). */
export function agentLogin(tx: Tx, inp: AgentLogin): void {
  const a = tx.agent(inp.extension);
  const refuse = (reason: 'unknown-agent' | 'not-a-member'): void => {
    tx.emit({ type: 'agent.request-refused', extension: inp.extension, request: 'login', hotline: inp.hotline ?? null, reason });
  };
  if (a === undefined) return refuse('unknown-agent');
  const member = (tx.ctx.memberships.get(inp.extension) ?? []).filter((l) => !l.retired).map((l) => l.number);
  const targets = inp.hotline === undefined ? member : member.filter((h) => h === inp.hotline);
  if (targets.length === 0) return refuse('not-a-member');
  const add = targets.filter((h) => !a.loggedIn.includes(h));
  if (add.length === 0) return;
  const wasOut = a.loggedIn.length === 0;
  tx.putAgent({
    ...a,
    loggedIn: [...a.loggedIn, ...add],
    idleSince: a.idleSince ?? tx.now,
    pauseReason: wasOut ? inp.pauseReason ?? null : a.pauseReason,
  });
}

/** Logs out of one hotline or all; guarded by minimum staffing unless forced. */
export function agentLogout(tx: Tx, inp: AgentLogout): void {
  const a = tx.agent(inp.extension);
  const hotline = inp.hotline ?? null;
  if (a === undefined) {
    tx.emit({ type: 'agent.request-refused', extension: inp.extension, request: 'logout', hotline, reason: 'unknown-agent' });
    return;
  }
  const leaving = hotline === null ? a.loggedIn : a.loggedIn.filter((h) => h === hotline);
  if (leaving.length === 0) {
    tx.emit({ type: 'agent.request-refused', extension: inp.extension, request: 'logout', hotline, reason: 'not-logged-in' });
    return;
  }
  if (inp.force !== true) {
    const short = staffingGuard(tx, a, leaving);
    if (short.length > 0) {
      tx.emit({ type: 'confirm-last-agent', extension: a.extension, action: 'logout', hotlines: short });
      return;
    }
  }
  tx.cause = 'logout';
  tx.forced = inp.force === true;
  const b = cancelRinging(tx, a, leaving);
  const remaining = b.loggedIn.filter((h) => !leaving.includes(h));
  // A full logout clears pause, back-off and wrap-up: the next login starts clean.
  tx.putAgent(remaining.length > 0
    ? { ...b, loggedIn: remaining }
    : { ...b, loggedIn: [], pauseReason: null, missedInRow: 0, wrapUpUntil: null, backoffUntil: null });
}

/** Pauses in every hotline with a reason code; guarded by minimum staffing unless forced. */
export function agentPause(tx: Tx, inp: AgentPause): void {
  const a = tx.agent(inp.extension);
  if (a === undefined || a.loggedIn.length === 0) {
    tx.emit({
      type: 'agent.request-refused', extension: inp.extension, request: 'pause', hotline: null,
      reason: a === undefined ? 'unknown-agent' : 'not-logged-in',
    });
    return;
  }
  if (a.pauseReason !== null) {
    if (a.pauseReason !== inp.reason) tx.putAgent({ ...a, pauseReason: inp.reason });
    return;
  }
  if (inp.force !== true) {
    const short = staffingGuard(tx, a, a.loggedIn);
    if (short.length > 0) {
      tx.emit({ type: 'confirm-last-agent', extension: a.extension, action: 'pause', hotlines: short });
      return;
    }
  }
  tx.cause = 'pause';
  tx.forced = inp.force === true;
  const b = cancelRinging(tx, a);
  tx.putAgent({ ...b, pauseReason: inp.reason });
}

/** Ends a pause, including one after missed offers (cleared only by an explicit action, invariant 12). */
export function agentResume(tx: Tx, inp: AgentResume): void {
  const a = tx.agent(inp.extension);
  if (a === undefined || a.pauseReason === null) return;
  tx.putAgent({ ...a, pauseReason: null, missedInRow: 0 });
}

/** The agent ends wrap-up early. */
export function agentWrapUpEnded(tx: Tx, inp: AgentWrapUpEnded): void {
  const a = tx.agent(inp.extension);
  if (a === undefined || a.wrapUpUntil === null) return;
  tx.putAgent({ ...a, wrapUpUntil: null, idleSince: tx.now });
}

/** Device state from presence: busy on another call or unreachable makes the agent ineligible; a ringing offer moves on. */
export function agentDeviceState(tx: Tx, inp: AgentDeviceState): void {
  const a = tx.agent(inp.extension);
  if (a === undefined || a.device === inp.device) return;
  tx.cause = 'device-unreachable';
  tx.forced = false;
  const b = inp.device === 'free' ? a : cancelRinging(tx, a);
  tx.putAgent({ ...b, device: inp.device });
}

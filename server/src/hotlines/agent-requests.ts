/**
 * Agent requests (log in, log out, pause, resume) through the ACD reducer, with the last-agent
 * guard made explicit: the same pure function serves the running PBX and the CLI working on the
 * stored state while no PBX runs.
 */
import { step, type AcdCommand, type AcdInput, type AcdState } from '../acd/index.js';

/** A request from an agent, the CLI or the API. */
export type AgentRequest =
  | { readonly kind: 'login'; readonly extension: string; readonly hotline?: string }
  | { readonly kind: 'logout'; readonly extension: string; readonly hotline?: string; readonly force?: boolean }
  | { readonly kind: 'pause'; readonly extension: string; readonly reason: string; readonly force?: boolean }
  | { readonly kind: 'resume'; readonly extension: string }
  | { readonly kind: 'wrap-up-end'; readonly extension: string };

/** What became of a request. */
export type AgentRequestOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'last-agent'; readonly hotlines: readonly string[] }
  | { readonly ok: false; readonly reason: 'unknown-agent' | 'not-a-member' | 'not-logged-in' };

function toInput(r: AgentRequest): AcdInput {
  switch (r.kind) {
    case 'login': return { type: 'agent.login', extension: r.extension, ...(r.hotline ? { hotline: r.hotline } : {}) };
    case 'logout': return { type: 'agent.logout', extension: r.extension, ...(r.hotline ? { hotline: r.hotline } : {}), ...(r.force ? { force: true } : {}) };
    case 'pause': return { type: 'agent.pause', extension: r.extension, reason: r.reason, ...(r.force ? { force: true } : {}) };
    case 'resume': return { type: 'agent.resume', extension: r.extension };
    case 'wrap-up-end': return { type: 'agent.wrap-up-ended', extension: r.extension };
  }
}

/** Applies a request; returns the new state, the commands, and the outcome. */
export function applyAgentRequest(state: AcdState, r: AgentRequest, now: number): { state: AcdState; commands: readonly AcdCommand[]; outcome: AgentRequestOutcome } {
  const result = step(state, toInput(r), now);
  const confirm = result.commands.find((c) => c.type === 'confirm-last-agent');
  if (confirm) return { ...result, outcome: { ok: false, reason: 'last-agent', hotlines: confirm.hotlines.map((h) => h.hotline) } };
  const refused = result.commands.find((c) => c.type === 'agent.request-refused');
  if (refused) return { ...result, outcome: { ok: false, reason: refused.reason } };
  return { ...result, outcome: { ok: true } };
}

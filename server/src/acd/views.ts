/**
 * Read-only views of the state for the CLI (`zentrale hotline status --json`, issue 6 item 6), the
 * API and persistence. Pause reasons appear only here and in `agent.state-changed`; the lead filters
 * them per viewer (presence/).
 */
import type { RestoredAgent } from './config-types.js';
import type { AgentStateName } from './events.js';
import { agentStateOf, visiblePauseReason } from './state.js';
import type { AcdState, CallRec } from './state.js';
import { expectedWaitSec } from './staffing.js';

/** One agent as seen from outside. */
export interface AgentView {
  readonly extension: string;
  readonly state: AgentStateName;
  readonly pauseReason: string | null;
  readonly hotlines: readonly string[];
  /** The hotline call it is offered or connected to. */
  readonly callId: string | null;
}

/** One waiting call as seen from outside. */
export interface WaitingCallView {
  readonly callId: string;
  readonly callerNumber: string;
  readonly priority: number;
  readonly waitSec: number;
  readonly position: number;
  readonly expectedWaitSec: number | null;
  /** Agents currently rung for it (empty while queued). */
  readonly offeredTo: readonly string[];
}

/** One hotline's live status. */
export interface HotlineView {
  readonly hotline: string;
  readonly name: string;
  readonly open: boolean;
  readonly retired: boolean;
  readonly loggedIn: number;
  readonly staffed: number;
  readonly minAgents: number;
  readonly understaffedSince: number | null;
  /** Every member, in list order. */
  readonly agents: readonly AgentView[];
  /** Waiting calls, position 1 first. */
  readonly waiting: readonly WaitingCallView[];
}

/** The agent with `extension`, or undefined if no hotline lists it. */
export function agentView(state: AcdState, extension: string): AgentView | undefined {
  const a = state.agents.get(extension);
  if (a === undefined) return undefined;
  return { extension, state: agentStateOf(a), pauseReason: visiblePauseReason(a), hotlines: a.loggedIn, callId: a.call?.callId ?? null };
}

/** Status of hotline `hotline` at `now`, or undefined if unknown. */
export function hotlineView(state: AcdState, hotline: string, now: number): HotlineView | undefined {
  const line = state.ctx.byNumber.get(hotline);
  const rec = line === undefined ? undefined : state.lines[line.index];
  if (line === undefined || rec === undefined) return undefined;
  const waiting = rec.queue.map((id, i): WaitingCallView => {
    const c = state.calls.get(id) as CallRec;
    return {
      callId: id, callerNumber: c.callerNumber, priority: c.priority, waitSec: Math.max(0, now - c.enteredAt) / 1000,
      position: i + 1, expectedWaitSec: expectedWaitSec(rec, i + 1), offeredTo: c.offer?.agents ?? [],
    };
  });
  return {
    hotline, name: line.name, open: rec.open, retired: line.retired, loggedIn: rec.loggedIn, staffed: rec.staffed,
    minAgents: line.minAgents, understaffedSince: rec.understaffedSince,
    agents: line.memberList.map((ext) => agentView(state, ext) as AgentView),
    waiting,
  };
}

/** Every hotline number, configured ones first, then retired ones still serving calls. */
export function hotlineNumbers(state: AcdState): readonly string[] {
  return state.ctx.lines.map((l) => l.number);
}

/** Logins, pauses and fairness counters to persist (restore with `initialState(config, { agents })`). */
export function agentSnapshot(state: AcdState): RestoredAgent[] {
  const out: RestoredAgent[] = [];
  state.agents.forEach((a) => {
    if (a.loggedIn.length === 0 && a.idleSince === null) return;
    out.push({
      extension: a.extension, hotlines: a.loggedIn, pauseReason: a.pauseReason,
      idleSince: a.idleSince, callsDay: a.callsDay, callsToday: a.callsToday,
    });
  });
  return out.sort((x, y) => (x.extension < y.extension ? -1 : x.extension > y.extension ? 1 : 0));
}

/**
 * Hotline administration from the command line (issue 6 items 6-7, issue 7 item 8):
 *   zentrale agent login|logout HOTLINE EXT [--force] | pause EXT [--reason CODE] | resume EXT
 *   zentrale hotline status HOTLINE [--json] | log HOTLINE [--since ISO] [--json]
 *   zentrale route explain --to NUMBER [--from NUMBER] [--at ISO-8601] [--json]
 * They work whether the PBX runs or not: a running PBX applies the change at once; otherwise the
 * stored state is changed through the same reducer, with the same last-agent guard.
 */
import { parseArgs } from 'node:util';
import { hotlineView, initialState } from '../server/src/acd/index.js';
import type { HotlineView } from '../server/src/acd/index.js';
import { loadStoredSite } from '../server/src/config/site-store.js';
import type { RuntimeConfig } from '../server/src/config/runtime.js';
import { toAcdConfig } from '../server/src/hotlines/acd-config.js';
import { applyAgentRequest, type AgentRequest, type AgentRequestOutcome } from '../server/src/hotlines/agent-requests.js';
import { logEntriesFor } from '../server/src/hotlines/acd-service.js';
import { appendHotlineLog, loadAgents, readHotlineLog, saveAgents } from '../server/src/hotlines/hotline-store.js';
import { dryRunCall, explainRoute } from '../server/src/routing/index.js';
import { callRunningPbx, openForCli } from './store-access.js';

const AGENT_HELP = `Usage:
  zentrale agent login HOTLINE EXT          log EXT in to HOTLINE
  zentrale agent logout HOTLINE EXT [--force]
                                            log EXT out of HOTLINE; refused for the last staffed
                                            agent of a line with minAgents unless --force
  zentrale agent pause EXT [--reason CODE] [--force]
  zentrale agent resume EXT`;

const HOTLINE_HELP = `Usage:
  zentrale hotline status HOTLINE [--json]  agents with their state, waiting callers
  zentrale hotline log HOTLINE [--since ISO-8601] [--json]
                                            hotline events: queued, offered, answered, abandoned,
                                            left (by a digit), overflowed, closed, callback, lost
                                            (open at a crash), login, logout, pause, resume,
                                            understaffed, staffed`;

const ROUTE_HELP = `Usage:
  zentrale route explain --to NUMBER [--from NUMBER] [--at ISO-8601] [--json]
      what a call would do, from the stored configuration, without placing it`;

/** Calls an /internal route of a running PBX; undefined when none runs. */
async function internal(config: RuntimeConfig, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown } | undefined> {
  const a = await callRunningPbx(config, method, path, body);
  return a.ok ? { status: a.status, json: a.body } : undefined;
}

function describeRefusal(o: Exclude<AgentRequestOutcome, { ok: true }>): string {
  switch (o.reason) {
    case 'last-agent': return `refused: this is the last staffed agent of hotline ${o.hotlines.join(', ')} (minAgents); repeat with --force to do it anyway and raise the staffing alarm`;
    case 'unknown-agent': return 'refused: no such agent';
    case 'not-a-member': return 'refused: not an agent of this hotline';
    case 'not-logged-in': return 'refused: not logged in';
  }
}

async function agent(argv: string[]): Promise<number> {
  let p;
  try {
    p = parseArgs({ args: argv, allowPositionals: true, options: { force: { type: 'boolean' }, reason: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`zentrale agent: ${(err as Error).message}\n\n${AGENT_HELP}\n`);
    return 2;
  }
  const [sub, a, b] = p.positionals;
  if (p.values.help || !sub) {
    process.stdout.write(AGENT_HELP + '\n');
    return p.values.help ? 0 : 2;
  }
  let request: AgentRequest;
  if ((sub === 'login' || sub === 'logout') && a && b) request = sub === 'login' ? { kind: 'login', hotline: a, extension: b } : { kind: 'logout', hotline: a, extension: b, force: p.values.force === true };
  else if (sub === 'pause' && a) request = { kind: 'pause', extension: a, reason: p.values.reason ?? 'manual', force: p.values.force === true };
  else if (sub === 'resume' && a) request = { kind: 'resume', extension: a };
  else {
    process.stderr.write(`zentrale agent: bad arguments\n\n${AGENT_HELP}\n`);
    return 2;
  }
  const opened = await openForCli('agent');
  if (!opened) return 2;
  try {
    const live = await internal(opened.config, 'POST', '/internal/acd/request', request);
    let outcome: AgentRequestOutcome;
    if (live && live.status === 200) outcome = live.json as AgentRequestOutcome;
    else {
      const stored = await loadStoredSite(opened.db);
      if (!stored) {
        process.stderr.write('zentrale agent: the store holds no configuration yet\n');
        return 1;
      }
      const now = Date.now();
      const state = initialState(toAcdConfig(stored.site), { now, agents: await loadAgents(opened.db) });
      const r = applyAgentRequest(state, request, now);
      outcome = r.outcome;
      if (outcome.ok) {
        const { agentSnapshot } = await import('../server/src/acd/index.js');
        await saveAgents(opened.db, agentSnapshot(r.state), now);
        await appendHotlineLog(opened.db, logEntriesFor(r.commands, now, (ext) => state.agents.get(ext)?.loggedIn ?? []));
      }
    }
    if (!outcome.ok) {
      process.stderr.write(`zentrale agent ${sub}: ${describeRefusal(outcome)}\n`);
      return 1;
    }
    process.stdout.write(`${sub}: done${live ? '' : ' (stored; the PBX is not running)'}\n`);
    return 0;
  } finally {
    await opened.db.destroy();
  }
}

async function hotline(argv: string[]): Promise<number> {
  let p;
  try {
    p = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, since: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`zentrale hotline: ${(err as Error).message}\n\n${HOTLINE_HELP}\n`);
    return 2;
  }
  const [sub, number] = p.positionals;
  if (p.values.help || !sub || !number || (sub !== 'status' && sub !== 'log')) {
    process.stdout.write(HOTLINE_HELP + '\n');
    return p.values.help ? 0 : 2;
  }
  const opened = await openForCli('hotline');
  if (!opened) return 2;
  try {
    if (sub === 'log') {
      const since = p.values.since ? Date.parse(p.values.since) : 0;
      if (Number.isNaN(since)) {
        process.stderr.write(`zentrale hotline log: --since: not an ISO-8601 time: ${p.values.since}\n`);
        return 2;
      }
      const entries = (await readHotlineLog(opened.db, number, since)).map((e) => ({ ...e, at: new Date(e.at).toISOString() }));
      if (p.values.json) process.stdout.write(JSON.stringify(entries, null, 2) + '\n');
      else for (const e of entries) process.stdout.write(`${e.at} ${e.event.padEnd(12)} ${e.agent ?? ''} ${e.caller ?? ''} ${e.callId ?? ''}\n`);
      return 0;
    }
    let view: HotlineView | undefined;
    const live = await internal(opened.config, 'GET', `/internal/acd/hotline/${encodeURIComponent(number)}`);
    if (live && live.status === 200) view = live.json as HotlineView;
    else if (live && live.status === 404) view = undefined;
    else {
      const stored = await loadStoredSite(opened.db);
      if (stored) view = hotlineView(initialState(toAcdConfig(stored.site), { now: Date.now(), agents: await loadAgents(opened.db) }), number, Date.now());
    }
    if (!view) {
      process.stderr.write(`zentrale hotline status: no hotline ${number}\n`);
      return 1;
    }
    const out = {
      hotline: view.hotline, name: view.name, open: view.open, staffed: view.staffed, minAgents: view.minAgents, running: live !== undefined,
      agents: view.agents.map((a) => ({ extension: a.extension, state: a.state })),
      waiting: view.waiting.map((w) => ({ callId: w.callId, caller: w.callerNumber, waitSec: Math.round(w.waitSec), position: w.position, expectedWaitSec: w.expectedWaitSec })),
    };
    if (p.values.json) process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    else {
      process.stdout.write(`hotline ${out.hotline} (${out.name}): ${out.open ? 'open' : 'closed'}, ${out.staffed}/${out.minAgents} staffed${out.running ? '' : ' (PBX not running)'}\n`);
      for (const a of out.agents) process.stdout.write(`  agent ${a.extension.padEnd(8)} ${a.state}\n`);
      for (const w of out.waiting) process.stdout.write(`  waiting #${w.position} ${w.caller} ${w.waitSec}s\n`);
    }
    return 0;
  } finally {
    await opened.db.destroy();
  }
}

async function route(argv: string[]): Promise<number> {
  let p;
  try {
    p = parseArgs({ args: argv, allowPositionals: true, options: { to: { type: 'string' }, from: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`zentrale route: ${(err as Error).message}\n\n${ROUTE_HELP}\n`);
    return 2;
  }
  if (p.values.help || p.positionals[0] !== 'explain' || !p.values.to) {
    process.stdout.write(ROUTE_HELP + '\n');
    return p.values.help ? 0 : 2;
  }
  const at = p.values.at ? Date.parse(p.values.at) : Date.now();
  if (Number.isNaN(at)) {
    process.stderr.write(`zentrale route explain: --at: not an ISO-8601 time: ${p.values.at}\n`);
    return 2;
  }
  const opened = await openForCli('route');
  if (!opened) return 2;
  try {
    const stored = await loadStoredSite(opened.db);
    if (!stored) {
      process.stderr.write('zentrale route explain: the store holds no configuration yet\n');
      return 1;
    }
    const r = explainRoute(dryRunCall({ to: p.values.to, from: p.values.from }, stored.site), stored.site, at);
    if (p.values.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    else process.stdout.write(r.explain.join('\n') + '\n' + r.steps.map((s) => `-> ${s.kind}`).join('\n') + '\n');
    return 0;
  } finally {
    await opened.db.destroy();
  }
}

/** Entry points for cli/main.ts. */
export const agentCommand = { run: agent };
export const hotlineCommand = { run: hotline };
export const routeCommand = { run: route };

/**
 * Runs a SIPp scenario of the transcripts in the role it had there (caller or callee), on ports
 * chosen here so the app can address a callee and parallel test files never collide, and turns
 * its `-trace_msg` log into transcript records.
 */
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSipp } from '../../helpers/sipp.js';
import type { SippResult } from '../../helpers/sipp.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { TraceRecord } from './records.js';
import { SCENARIO_DIR } from './records.js';
import { parseSippTrace } from './sipp-trace.js';
import type { SippRole } from './sipp-trace.js';

/** A finished SIPp run with its messages as records. */
export interface SippOutcome extends SippResult {
  readonly role: SippRole;
  readonly scenario: string;
  readonly records: readonly TraceRecord[];
}

/** A SIPp process started in one role. */
export interface SippHandle {
  readonly role: SippRole;
  readonly scenario: string;
  /** SIPp's SIP port on 127.0.0.1. */
  readonly port: number;
  readonly done: Promise<SippOutcome>;
  kill(): void;
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** Whether some process has bound UDP `port` (Linux /proc, so probing never races SIPp's bind). */
function udpBound(port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  return ['/proc/net/udp', '/proc/net/udp6'].some((f) => {
    try {
      return readFileSync(f, 'utf8').split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(hex.trim()) === true);
    } catch {
      return false;
    }
  });
}

/** A UDP port on 127.0.0.1 such that `port` … `port + span - 1` are all free right now. */
export async function freeUdpPorts(span: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    // Even base in a range away from ephemeral ports the engine and SIPp's default 6000 use.
    const base = 20_000 + 2 * Math.floor(Math.random() * 10_000);
    let ok = true;
    for (let p = base; p < base + span && ok; p++) ok = await bindable(p);
    if (ok) return base;
  }
  throw new Error('no free UDP port range found');
}

/**
 * Starts `scenario` (a file of test/scenarios) as `role`. A callee resolves once SIPp has bound
 * its port, so the app can send to it at once.
 */
export async function startRole(role: SippRole, scenario: string, opts: { remote?: string; service?: string; timeoutSec?: number } = {}): Promise<SippHandle> {
  const port = await freeUdpPorts(1);
  // SIPp binds audio at -mp and video at -mp + 2 (each with its RTCP port).
  const media = await freeUdpPorts(4);
  const run = startSipp({
    scenario: join(SCENARIO_DIR, scenario), localPort: port, timeoutSec: opts.timeoutSec ?? 30,
    extra: ['-mp', String(media)], ...(opts.remote ? { remote: opts.remote } : {}), ...(opts.service ? { service: opts.service } : {}),
  });
  const done = run.done.then((r) => ({ ...r, role, scenario, records: parseSippTrace(r.messages, role) }));
  if (role === 'callee') {
    let exited = false;
    void done.then(() => { exited = true; });
    await waitFor(() => exited || udpBound(port), { ms: 5000, what: `SIPp ${role} bound to ${port}` });
  }
  return { role, scenario, port, done, kill: run.kill };
}

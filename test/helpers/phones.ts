/**
 * SIPp as phones: a registered phone that answers calls (REGISTER scenario plus an out-of-call
 * answer scenario on the same port), and a calling phone. Credentials go in as SIPp options.
 */
import { resolve } from 'node:path';
import { freePort, tcpListening } from './ports.js';
import { startSipp, type SippResult } from './sipp.js';
import { waitFor } from './wait-for.js';

/** SIPp arguments that make a scenario act as `user` with `password` ([user], [authentication]). */
export function asUser(user: string, password: string): string[] {
  return ['-key', 'user', user, '-au', user, '-ap', password];
}

/** A phone that registers and answers (ringing 300 ms) until `holdMs` passes. */
export async function registeredPhone(pbx: { sipPort: number }, user: string, password: string, opts: { holdMs?: number; answer?: string; transport?: 'u1' | 't1' } = {}): Promise<{ port: number; done: Promise<SippResult>; kill: () => void }> {
  const port = await freePort();
  const run = startSipp({
    scenario: 'test/scenarios/phone/register.xml', remote: `127.0.0.1:${pbx.sipPort}`, localPort: port, transport: opts.transport ?? 'u1',
    extra: [...asUser(user, password), '-oocsf', resolve(`test/scenarios/phone/${opts.answer ?? 'answer-ooc.xml'}`), '-d', String(opts.holdMs ?? 15000), '-aa'],
    timeoutSec: 60,
  });
  return { port, ...run };
}

/** Waits until the PBX shows `count` bindings for an extension in its log. */
export async function waitRegistered(output: () => string, extension: string, count = 1): Promise<void> {
  await waitFor(() => output().split("\n").some((l) => l.includes("registration changed") && l.includes(`"extension":"${extension}"`) && l.includes(`"bindings":${count}`)), { ms: 10_000, what: `${extension} registered` });
}

export { tcpListening };

/**
 * A SIPp carrier for the caller-ID end-to-end tests: the e2e dialplan with the trunk on a free
 * loopback port, a carrier that answers the PBX's legs, and a carrier that calls a DDI.
 */
import type { Test } from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { startPbx, type Pbx } from '../../helpers/pbx.js';
import { freePort } from '../../helpers/ports.js';
import { startSipp, type SippResult } from '../../helpers/sipp.js';

/** The caller-ID site of the e2e tests. */
export const CALLERID_DIALPLAN = 'test/fixtures/dialplans/e2e/callerid.yaml';

type Doc = { trunks: Array<Record<string, unknown>> } & Record<string, unknown>;

/** Writes the e2e dialplan with the trunk on `port`, changed by `patch`, to a temporary file. */
export function carrierDialplan(port: number, patch: (doc: Doc) => void = () => undefined): string {
  const doc = parse(readFileSync(resolve(CALLERID_DIALPLAN), 'utf8')) as Doc;
  doc.trunks[0]!.port = port;
  patch(doc);
  const file = join(mkdtempSync(join(tmpdir(), 'zentrale-callerid-')), 'site.yaml');
  writeFileSync(file, stringify(doc));
  return file;
}

/** A PBX on the caller-ID site whose trunk points at a free port for a SIPp carrier. */
export async function carrierPbx(t: Test, opts: { patch?: (doc: Doc) => void; env?: NodeJS.ProcessEnv } = {}): Promise<{ p: Pbx; carrierPort: number }> {
  const carrierPort = await freePort();
  const p = await startPbx({ dialplans: [carrierDialplan(carrierPort, opts.patch)], env: { ZENTRALE_DIGEST_ALGORITHMS: 'MD5', ...opts.env } });
  t.teardown(() => p.stop());
  return { p, carrierPort };
}

/** The carrier answers the next leg the PBX sends (scenario test/scenarios/carrier/answer-expect-bye.xml). */
export function carrierAnswers(port: number, scenario = 'answer-expect-bye.xml'): { done: Promise<SippResult>; kill: () => void } {
  return startSipp({ scenario: `test/scenarios/carrier/${scenario}`, localPort: port, timeoutSec: 30 });
}

/** What the carrier says about the caller of an inbound call. */
export interface InboundCallerHeaders {
  readonly caller: string;
  readonly pai: string;
  readonly privacy: string;
}

/**
 * The carrier calls `ddi` from its trunk port; legs the PBX sends meanwhile (forwards, mobiles)
 * are handled by `ooc` (test/scenarios/carrier/).
 */
export function carrierCalls(p: Pbx, port: number, ddi: string, who: InboundCallerHeaders, opts: { scenario?: string; ooc?: string; holdMs?: number } = {}): Promise<SippResult> {
  return startSipp({
    scenario: `test/scenarios/carrier/${opts.scenario ?? 'invite-ddi-expect-answer.xml'}`, remote: `127.0.0.1:${p.sipPort}`, localPort: port, service: ddi,
    extra: [
      '-key', 'caller', who.caller, '-key', 'pai', who.pai, '-key', 'privacy', who.privacy, '-d', String(opts.holdMs ?? 500),
      ...(opts.ooc ? ['-oocsf', resolve(`test/scenarios/carrier/${opts.ooc}`)] : []),
    ],
    timeoutSec: 30,
  }).done;
}

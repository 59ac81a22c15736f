/**
 * Registration at a carrier (issue 8 item 1) through the embedded engine and the unchanged
 * drachtio-srf, against a SIPp carrier registrar over loopback: digest answer, refresh before the
 * granted lifetime ends, back-off after a refusal, unregistering on stop.
 */
import t from 'tap';
import type { Test } from 'tap';
import { createHash } from 'node:crypto';
import pino from 'pino';
import { loadDialplan, type SiteConfig } from '../../../server/src/config/dialplan/index.js';
import { TrunkRegistrations } from '../../../server/src/trunks/registrations.js';
import { startEngine, connectSrf } from '../../helpers/sip-engine.js';
import { startSipp, assertSippPassed } from '../../helpers/sipp.js';
import { freePort } from '../../helpers/ports.js';
import { waitFor } from '../../helpers/wait-for.js';
import { received } from './sip-log.js';

function site(port: number, expiresSec = 600): SiteConfig {
  const r = loadDialplan([{ path: 'trunk.yaml', text: `
numbers: { blocks: [{ base: "+49803162", ddi: "0-999" }], main: "+498031620" }
trunks:
  - id: carrier
    host: 127.0.0.1
    port: ${port}
    register: { username: "pbx-4711", password: "carrier-secret", expiresSec: ${expiresSec} }
outbound: { trunk: carrier }
` }]);
  if (!r.ok) throw new Error(r.error.map((i) => i.message).join('; '));
  return r.value;
}

async function world(t: Test, scenario: string) {
  const h = await startEngine();
  const srf = await connectSrf(h);
  const port = await freePort();
  const carrier = startSipp({ scenario: `test/scenarios/carrier/${scenario}`, localPort: port, timeoutSec: 20 });
  // Under load SIPp may bind after the first REGISTER left; the engine's retransmissions (T1
  // 500 ms) reach it later, so the waits below are generous.
  const regs = new TrunkRegistrations({ srf, log: pino({ level: 'silent' }), now: Date.now, backoff: { baseMs: 200, maxMs: 1000 }, random: () => 0.5 });
  t.teardown(async () => {
    await regs.stop();
    carrier.kill();
    srf.disconnect();
    await h.stop();
  });
  return { regs, carrier, port };
}

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

// The response a carrier computes for the logged Authorization (RFC 2617 §3.2.2.1 with qop=auth).
function expectedDigest(auth: string, password: string): { got: string; want: string } {
  const p = (k: string) => new RegExp(`${k}="?([^",]+)"?`).exec(auth)?.[1] ?? '';
  const ha1 = md5(`${p('username')}:${p('realm')}:${password}`);
  const ha2 = md5(`REGISTER:${p('uri')}`);
  return { got: p('response'), want: md5(`${ha1}:${p('nonce')}:${p('nc')}:${p('cnonce')}:${p('qop')}:${ha2}`) };
}

void t.test('a trunk registers with digest credentials and refreshes before the short lifetime runs out', async (t) => {
  const { regs, carrier, port } = await world(t, 'register-401-then-200-short-expires-twice.xml');
  regs.sync(site(port));
  await waitFor(() => regs.status('carrier')?.registrations === 2, { ms: 25_000, what: 'two registrations' });
  const r = await carrier.done;
  assertSippPassed(t, r, 'carrier registrar');
  const registers = received(r.messages, 'REGISTER');
  t.equal(registers.length, 4, 'two challenged REGISTERs, each answered with credentials');
  t.equal(new Set(registers.map((m) => m.header('Call-ID'))).size, 1, 'one Call-ID for the registration (RFC 3261 §10.2.4)');
  const cseqs = registers.map((m) => Number(/^\d+/.exec(m.header('CSeq') ?? '')?.[0]));
  t.ok(cseqs.every((c, i) => i === 0 || c > (cseqs[i - 1] ?? 0)), `CSeq rises: ${cseqs.join(', ')}`);
  for (const m of [registers[1]!, registers[3]!]) {
    const d = expectedDigest(m.header('Authorization') ?? '', 'carrier-secret');
    t.equal(d.got, d.want, 'the digest response matches the trunk password');
    t.match(m.header('Authorization'), /username="pbx-4711"/);
  }
  t.match(registers[0]!.header('To'), /^<sip:pbx-4711@127\.0\.0\.1>/, 'the AOR is the trunk account');
  t.match(registers[0]!.header('Contact'), /^<sip:pbx-4711@127\.0\.0\.1:\d+>$/, 'the Contact is the PBX itself');
  t.equal(registers[0]!.header('Expires'), '600', 'asks for the configured lifetime');
  t.match(regs.status('carrier'), { state: 'registered', grantedSec: 60, failures: 0, lastStatus: 200 });
});

void t.test('a refused registration is retried after a back-off and then succeeds', async (t) => {
  const { regs, carrier, port } = await world(t, 'register-403-then-200.xml');
  regs.sync(site(port));
  await waitFor(() => regs.status('carrier')?.state === 'failed', { ms: 20_000, what: 'failed state' });
  t.match(regs.status('carrier'), { state: 'failed', failures: 1, lastStatus: 403 }, 'the refusal is visible');
  const s = regs.status('carrier')!;
  t.ok(s.nextAttemptAt !== null, 'a retry is scheduled');
  await waitFor(() => regs.status('carrier')?.state === 'registered', { ms: 20_000, what: 'registered after retry' });
  t.match(regs.status('carrier'), { state: 'registered', failures: 0, registrations: 1, grantedSec: 60 });
  assertSippPassed(t, await carrier.done, 'carrier registrar');
});

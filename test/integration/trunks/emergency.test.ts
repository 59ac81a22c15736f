/**
 * The emergency executor in the feature server built in-process on the embedded engine (issue 8
 * item 6): an emergency call raises `emergency.call` once and is logged at warn, and a carrier
 * that refuses it is not the end: the call falls over to the next trunk.
 */
import t from 'tap';
import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Srf from 'drachtio-srf';
import pino from 'pino';
import { loadRuntimeConfig } from '../../../server/src/config/runtime.js';
import { applyDialplan } from '../../../server/src/config/site-store.js';
import { openSqliteStore } from '../../../server/src/store/db.js';
import { buildServer } from '../../../server/src/app.js';
import type { SrfApp } from '../../../server/src/sip/srf-types.js';
import type { EmergencyCallEvent } from '../../../server/src/events/events.js';
import { startEngine } from '../../helpers/sip-engine.js';
import { startSipp, runSipp, assertSippPassed } from '../../helpers/sipp.js';
import { asUser } from '../../helpers/phones.js';
import { freePort } from '../../helpers/ports.js';
import { waitFor } from '../../helpers/wait-for.js';
import { received, identityOf } from './sip-log.js';

void t.test('an emergency call raises one event, is logged at warn and falls over to the next trunk', async (t) => {
  const engine = await startEngine();
  t.teardown(() => engine.stop());
  const [down, up] = [await freePort(), await freePort()];
  const db = await openSqliteStore(':memory:');
  t.teardown(() => db.destroy());
  const applied = await applyDialplan(db, [{ path: 'site.yaml', text: `
site: { name: Amt, domain: pbx.test }
numbers: { blocks: [{ base: "+49803162", ddi: "0-999" }], main: "+498031620", emergency: "+49803162110" }
users:
  - { extension: "3002", password: bernd-secret-1, ddi: "+49803162302", clir: true }
trunks:
  - { id: primary, host: 127.0.0.1, port: ${down} }
  - { id: backup, host: 127.0.0.1, port: ${up}, identity: { presentIn: ppi, format: e164-no-plus } }
outbound: { trunk: primary }
` }], { now: Date.now(), source: 'test' });
  if (!applied.ok) throw new Error(JSON.stringify(applied.issues));
  const loaded = loadRuntimeConfig({
    ZENTRALE_DATA_DIR: mkdtempSync(join(tmpdir(), 'zentrale-trunks-')), ZENTRALE_DRACHTIO: `127.0.0.1:${engine.controlPort}`,
    ZENTRALE_DRACHTIO_SECRET: engine.secret, ZENTRALE_HTTP_LISTEN: '127.0.0.1:0', ZENTRALE_KEEPALIVE_SEC: '0',
  });
  if (!loaded.ok) throw new Error(loaded.error.join('; '));
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write(chunk: Buffer, _enc, cb) { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); cb(); } });
  const server = await buildServer({ config: loaded.value, db, log: pino({ level: 'info' }, sink), srf: new Srf() as unknown as SrfApp });
  const events: EmergencyCallEvent[] = [];
  server.bus.on('emergency.call', (e) => events.push(e));
  await server.start();
  t.teardown(() => server.stop());
  await waitFor(() => lines.some((l) => l.msg === 'connected to the SIP engine'), { what: 'srf connected' });

  const refusing = startSipp({ scenario: 'test/scenarios/carrier/refuse-503.xml', localPort: down, timeoutSec: 20 });
  const answering = startSipp({ scenario: 'test/scenarios/carrier/answer-expect-bye.xml', localPort: up, timeoutSec: 20 });
  const phone = await runSipp({ scenario: 'test/scenarios/phone/call.xml', remote: `127.0.0.1:${engine.sipPort}`, service: '112', extra: [...asUser('3002', 'bernd-secret-1'), '-d', '200'] });
  assertSippPassed(t, phone, 'the caller reaches the emergency service');
  assertSippPassed(t, await refusing.done, 'the first trunk refused');
  const backup = await answering.done;
  assertSippPassed(t, backup, 'the backup trunk answered');
  t.same(identityOf(received(backup.messages, 'INVITE')[0]!), {
    requestUri: `sip:112@127.0.0.1:${up}`, from: '"Amt" <sip:49803162110@pbx.test>', pai: undefined, ppi: '<sip:49803162110@pbx.test>',
    privacy: 'none', diversion: undefined, historyInfo: undefined, rpid: undefined,
  }, 'the backup trunk gets the emergency identity in its own profile, CLIR ignored');
  t.equal(events.length, 1, 'one event per emergency call');
  t.match(events[0], { extension: '3002', number: '112', presented: '+49803162110', origin: 'office', trunk: 'primary' });
  t.same(lines.filter((l) => l.level === 40 && String(l.msg).startsWith('emergency')).map((l) => l.msg), ['emergency call', 'emergency call falls over to another trunk'], 'logged at warn, with the failover');
});

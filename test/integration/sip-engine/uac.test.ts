/**
 * The engine as UAC and B2BUA on behalf of drachtio-srf apps, against SIPp callees:
 * createUAC, createB2BUA, app CANCEL, app re-INVITE (hold), out-of-dialog MESSAGE,
 * RFC 4028 refresh by the engine. UDP and TCP where the flow allows.
 */
import t from 'tap';
import type { Test } from 'tap';
import type { SrfApp, SrfDialog } from '../../../server/src/sip/srf-types.js';
import { startEngine, connectSrf, type EngineHandle } from '../../helpers/sip-engine.js';
import { runSipp, startSipp, assertSippPassed } from '../../helpers/sipp.js';
import { freePort, tcpListening } from '../../helpers/ports.js';
import { waitFor } from '../../helpers/wait-for.js';
import { APP_SDP } from '../../helpers/sdp.js';

async function world(t: Test, opts: Parameters<typeof startEngine>[0] = {}): Promise<{ h: EngineHandle; srf: SrfApp }> {
  const h = await startEngine(opts);
  const srf = await connectSrf(h);
  t.teardown(async () => {
    srf.disconnect();
    await h.stop();
  });
  return { h, srf };
}

async function callee(t: Test, scenario: string, transport: 'u1' | 't1' = 'u1'): Promise<{ port: number; done: ReturnType<typeof startSipp>['done'] }> {
  const port = await freePort();
  const run = startSipp({ scenario: `test/scenarios/${scenario}`, localPort: port, transport, timeoutSec: 30 });
  t.teardown(() => run.kill());
  // A TCP INVITE sent before SIPp listens would be refused; UDP retransmissions cover the gap.
  if (transport === 't1') await waitFor(() => tcpListening(port), { what: 'sipp tcp listener' });
  return { port, done: run.done };
}

for (const transport of ['u1', 't1'] as const) {
  const proto = transport === 'u1' ? 'udp' : 'tcp';
  const param = transport === 'u1' ? '' : ';transport=tcp';

  void t.test(`createUAC reaches a callee through 180 and 200, and dialog.destroy() sends BYE (${proto})`, async (t) => {
    const { srf } = await world(t);
    const c = await callee(t, 'callee-uas.xml', transport);
    const provisional: number[] = [];
    const dlg = await srf.createUAC(`sip:bob@127.0.0.1:${c.port}${param}`, { localSdp: APP_SDP, headers: { 'X-Test': 'uac' } }, { cbProvisional: (res) => provisional.push(res.status) });
    t.equal(dlg.type, 'uac');
    t.match(dlg.remote.sdp, /m=audio \d+ RTP\/AVP 0 101/, 'remote SDP from the 200');
    t.ok(provisional.includes(180), 'the 180 was reported');
    await dlg.destroy();
    assertSippPassed(t, await c.done, 'callee-uas');
  });

  void t.test(`createB2BUA bridges a SIPp caller to a SIPp callee; the caller's BYE is passed on (${proto})`, async (t) => {
    const { h, srf } = await world(t);
    const c = await callee(t, 'callee-uas.xml', transport);
    let ended = false;
    srf.invite((req, res) => {
      srf.createB2BUA(req, res, `sip:bob@127.0.0.1:${c.port}${param}`, { localSdpB: req.body })
        .then(({ uas, uac }) => {
          uas.on('destroy', () => { uac.destroy().catch(() => undefined); ended = true; });
          uac.on('destroy', () => { uas.destroy().catch(() => undefined); });
        })
        .catch((err: unknown) => t.fail(String(err)));
    });
    const r = await runSipp({ scenario: 'test/scenarios/caller-invite-bye.xml', remote: `127.0.0.1:${h.sipPort}`, service: '200', transport });
    assertSippPassed(t, r, 'caller-invite-bye');
    assertSippPassed(t, await c.done, 'callee-uas');
    t.ok(ended);
    await waitFor(() => h.engine.sizes.dialogs === 0, { what: 'dialogs gone' });
  });
}

void t.test('the app CANCELs a ringing createUAC: CANCEL goes out after the 180, the promise rejects with 487', async (t) => {
  const { srf } = await world(t);
  const c = await callee(t, 'uas-ring-then-expect-cancel-487.xml');
  let cancelled: unknown;
  const err = await new Promise<unknown>((resolve) => {
    srf.createUAC(`sip:bob@127.0.0.1:${c.port}`, { localSdp: APP_SDP }, {
      cbRequest: (_e, req) => { cancelled = req; },
      cbProvisional: () => (cancelled as { cancel(): void }).cancel(),
    }).then(() => resolve(undefined), resolve);
  });
  t.match(err, { status: 487 }, 'createUAC rejects with 487');
  assertSippPassed(t, await c.done, 'uas-ring-then-expect-cancel-487');
});

void t.test('dialog.modify("hold") sends a re-INVITE with a hold SDP (sendonly or inactive) and srf marks the dialog on hold', async (t) => {
  const { h, srf } = await world(t);
  const c = await callee(t, 'uas-answer-accept-reinvite-then-bye.xml');
  const dlg: SrfDialog = await srf.createUAC(`sip:bob@127.0.0.1:${c.port}`, { localSdp: APP_SDP });
  await dlg.modify('hold');
  t.ok(dlg.onHold, 'dialog is on hold');
  await dlg.destroy();
  assertSippPassed(t, await c.done, 'uas-answer-accept-reinvite-then-bye');
  t.equal(h.engine.sizes.dialogs, 0);
});

void t.test('srf.request sends an out-of-dialog MESSAGE with a text body and gets the 200', async (t) => {
  const { srf } = await world(t);
  const c = await callee(t, 'uas-message-expect-200.xml');
  const status = await new Promise<number>((resolve, reject) => {
    srf.request(`sip:bob@127.0.0.1:${c.port}`, { method: 'MESSAGE', headers: { 'Content-Type': 'text/plain;charset=utf-8' }, body: 'Hallo Zentrale, Grüße' })
      .then((req) => req.on('response', (res) => resolve(res.status)))
      .catch(reject);
  });
  t.equal(status, 200);
  assertSippPassed(t, await c.done, 'uas-message-expect-200');
});

void t.test('a request body without Content-Type is refused (missing content-type)', async (t) => {
  const { srf } = await world(t);
  const err = await srf.request('sip:bob@127.0.0.1:9', { method: 'MESSAGE', body: 'no type' }).then(() => undefined, (e: unknown) => e);
  t.match(String(err), /missing content-type/);
});

void t.test('a request to the engine itself is refused', async (t) => {
  const { h, srf } = await world(t);
  const err = await srf.request(`sip:x@127.0.0.1:${h.sipPort}`, { method: 'OPTIONS' }).then(() => undefined, (e: unknown) => e);
  t.match(String(err), /myself/);
});

void t.test('as UAC the engine refreshes a session timer by itself when the 2xx names refresher=uac', async (t) => {
  const { h, srf } = await world(t);
  const c = await callee(t, 'uas-session-timer-refresher-uac-expect-reinvite.xml');
  const dlg = await srf.createUAC(`sip:bob@127.0.0.1:${c.port}`, { localSdp: APP_SDP });
  let modified = false;
  dlg.on('modify', () => { modified = true; });
  const d = h.engine.dialogs.get(dlg.id)!;
  const firstInvite = d.lastInviteSeq;
  // The refresh goes out at half the 2 s interval; wait until it was sent and answered.
  await waitFor(() => d.lastInviteSeq > firstInvite && d.outgoingInvite === undefined && d.lastAck?.seq === d.lastInviteSeq, { what: 'refresh re-INVITE answered' });
  await dlg.destroy();
  assertSippPassed(t, await c.done, 'uas-session-timer-refresher-uac-expect-reinvite');
  t.notOk(modified, 'the app was not told about the refresh');
});

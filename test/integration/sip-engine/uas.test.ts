/**
 * The engine as UAS towards SIPp callers, with unchanged drachtio-srf apps answering:
 * accept, reject, CANCEL before and after a provisional, caller re-INVITE (hold), REFER,
 * OPTIONS with and without a route, ACK timeout. UDP and TCP where the flow allows.
 */
import t from 'tap';
import type { Test } from 'tap';
import type { SrfApp, SrfRequest, SrfResponse, SrfMessage } from '../../../server/src/sip/srf-types.js';
import { startEngine, connectSrf, type EngineHandle } from '../../helpers/sip-engine.js';
import { runSipp, assertSippPassed } from '../../helpers/sipp.js';
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

for (const transport of ['u1', 't1'] as const) {
  const proto = transport === 'u1' ? 'udp' : 'tcp';

  void t.test(`createUAS answers an INVITE and the caller's BYE ends the dialog (${proto})`, async (t) => {
    const { h, srf } = await world(t);
    const events: string[] = [];
    srf.invite((req, res) => {
      srf.createUAS(req, res, { localSdp: APP_SDP })
        .then((d) => {
          events.push('answered');
          d.on('ack', () => events.push('ack'));
          d.on('destroy', () => events.push('destroy'));
        })
        .catch((err: unknown) => t.fail(String(err)));
    });
    const r = await runSipp({ scenario: 'test/scenarios/caller-invite-bye.xml', remote: `127.0.0.1:${h.sipPort}`, service: '100', transport });
    assertSippPassed(t, r, 'caller-invite-bye');
    await waitFor(() => events.includes('destroy'), { what: 'destroy' });
    t.same(events, ['answered', 'ack', 'destroy']);
    t.same(h.engine.sizes.dialogs, 0, 'no dialog left');
  });

  void t.test(`res.send(486) rejects the INVITE; the caller's ACK never reaches the app (${proto})`, async (t) => {
    const { h, srf } = await world(t);
    const seen: string[] = [];
    srf.use((req, _res, next) => {
      seen.push(req.method);
      next();
    });
    srf.invite((_req, res) => res.send(486));
    const r = await runSipp({ scenario: 'test/scenarios/caller-invite-486.xml', remote: `127.0.0.1:${h.sipPort}`, service: '100', transport });
    assertSippPassed(t, r, 'caller-invite-486');
    t.same(seen, ['INVITE']);
  });

  void t.test(`a CANCEL after 180 reaches the app as a cancel event; the caller gets 200 and 487 (${proto})`, async (t) => {
    const { h, srf } = await world(t);
    let cancelled = false;
    srf.invite((req, res) => {
      req.on('cancel', () => { cancelled = true; });
      res.send(180);
    });
    const r = await runSipp({ scenario: 'test/scenarios/caller-invite-cancel-after-180.xml', remote: `127.0.0.1:${h.sipPort}`, service: '100', transport });
    assertSippPassed(t, r, 'caller-invite-cancel-after-180');
    await waitFor(() => cancelled, { what: 'cancel event' });
    t.ok(cancelled);
    t.same(h.engine.sizes.dialogs, 0, 'the early dialog is gone');
  });
}

void t.test('a CANCEL before any app response is answered by the engine; a later app response is refused', async (t) => {
  const { h, srf } = await world(t);
  let cancelled = false;
  let pending: SrfResponse | undefined;
  srf.invite((req, res) => {
    req.on('cancel', () => { cancelled = true; });
    pending = res;
  });
  const r = await runSipp({ scenario: 'test/scenarios/caller-invite-cancel-quick.xml', remote: `127.0.0.1:${h.sipPort}`, service: '100' });
  assertSippPassed(t, r, 'caller-invite-cancel-quick');
  await waitFor(() => cancelled, { what: 'cancel event' });
  const err = await new Promise<unknown>((resolve) => pending!.send(486, 'Busy Here', {}, (e: unknown) => resolve(e)));
  t.match(String(err), /unknown transaction/, 'late response refused with NOK');
});

void t.test('a caller re-INVITE with a=sendonly is answered by srf with the local SDP and reported as hold', async (t) => {
  const { h, srf } = await world(t);
  const events: string[] = [];
  srf.invite((req, res) => {
    srf.createUAS(req, res, { localSdp: APP_SDP }).then((d) => {
      d.on('hold', () => events.push('hold'));
      d.on('destroy', () => events.push('destroy'));
    }).catch((err: unknown) => t.fail(String(err)));
  });
  const r = await runSipp({ scenario: 'test/scenarios/caller-reinvite.xml', remote: `127.0.0.1:${h.sipPort}`, service: '100' });
  assertSippPassed(t, r, 'caller-reinvite');
  await waitFor(() => events.includes('destroy'), { what: 'destroy' });
  t.same(events, ['hold', 'destroy']);
});

void t.test('an in-dialog REFER reaches the app, which answers 202 and sends refer NOTIFYs', async (t) => {
  const { h, srf } = await world(t);
  let referTo = '';
  srf.invite((req, res) => {
    srf.createUAS(req, res, { localSdp: APP_SDP }).then((d) => {
      d.on('refer', (rq: SrfRequest, rs: SrfResponse) => {
        referTo = rq.get('Refer-To') ?? '';
        rs.send(202);
        const notify = (frag: string, state: string) => d.request({ method: 'NOTIFY', headers: { Event: 'refer', 'Subscription-State': state, 'Content-Type': 'message/sipfrag;version=2.0' }, body: frag });
        notify('SIP/2.0 100 Trying', 'active').then(() => notify('SIP/2.0 200 OK', 'terminated;reason=noresource')).catch((err: unknown) => t.fail(String(err)));
      });
    }).catch((err: unknown) => t.fail(String(err)));
  });
  const r = await runSipp({ scenario: 'test/scenarios/caller-refer.xml', remote: `127.0.0.1:${h.sipPort}`, service: '100' });
  assertSippPassed(t, r, 'caller-refer');
  t.match(referTo, /sip:carol@/);
});

void t.test('OPTIONS goes to the app that routed it; without a route the engine answers 503 itself', async (t) => {
  const { h, srf } = await world(t);
  srf.options((_req, res) => res.send(200));
  const r1 = await runSipp({ scenario: 'test/scenarios/caller-options-200.xml', remote: `127.0.0.1:${h.sipPort}`, service: 'ping' });
  assertSippPassed(t, r1, 'caller-options-200');
  const bare = await world(t);
  bare.srf.invite((_req, res) => res.send(480));
  const r2 = await runSipp({ scenario: 'test/scenarios/caller-options-503.xml', remote: `127.0.0.1:${bare.h.sipPort}`, service: 'ping' });
  assertSippPassed(t, r2, 'caller-options-503');
});

void t.test('a 200 never acknowledged is retransmitted, then the engine BYEs and tells the app (scaled timers)', async (t) => {
  const { h, srf } = await world(t, { t1: 40 });
  let reason = '';
  srf.invite((req, res) => {
    srf.createUAS(req, res, { localSdp: APP_SDP }).then((d) => {
      d.on('destroy', (msg: SrfMessage, r: string) => { reason = r ?? msg?.get('Reason') ?? 'destroyed'; });
    }).catch((err: unknown) => t.fail(String(err)));
  });
  const r = await runSipp({ scenario: 'test/scenarios/caller-invite-no-ack.xml', remote: `127.0.0.1:${h.sipPort}`, service: '100' });
  assertSippPassed(t, r, 'caller-invite-no-ack');
  await waitFor(() => reason !== '', { what: 'unsolicited BYE' });
  t.match(reason, /ACK timeout/i);
  t.match(r.messages, /Reason: SIP;cause=200;text="ACK timeout"/, 'the BYE carries the reason');
});

/**
 * Blind transfer by REFER (issue 3 item 4): 2001 calls 2003, then transfers 2003 to 2002. The PBX
 * sets the new leg up third-party style (INVITE without SDP to 2002, its offer to 2003 in a
 * re-INVITE, 2003's answer in the ACK), tells 2001 by sipfrag NOTIFYs and ends 2001's leg.
 */
import t from 'tap';
import { registeredPhone, waitRegistered, asUser } from '../helpers/phones.js';
import { runSipp, assertSippPassed } from '../helpers/sipp.js';
import { waitFor } from '../helpers/wait-for.js';
import { e2ePbx, callRecords } from '../helpers/e2e.js';

void t.test('2001 transfers its call with 2003 to 2002; 2003 and 2002 talk; 2001 is released', async (t) => {
  const p = await e2ePbx(t);
  const carla = await registeredPhone(p, '2003', 'carla-secret-1', { holdMs: 8000, answer: 'transferee-ooc.xml' });
  const bernd = await registeredPhone(p, '2002', 'bernd-secret-1', { holdMs: 8000, answer: 'transfer-target-ooc.xml' });
  await waitRegistered(p.output, '2003');
  await waitRegistered(p.output, '2002');
  const alice = await runSipp({ scenario: 'test/scenarios/phone/call-then-refer.xml', remote: `127.0.0.1:${p.sipPort}`, service: '2003', extra: [...asUser('2001', 'alice-secret-1'), '-key', 'target', '2002'] });
  assertSippPassed(t, alice, 'referrer 2001');
  assertSippPassed(t, await carla.done, 'transferee 2003');
  assertSippPassed(t, await bernd.done, 'transfer target 2002');
  t.match(alice.messages, /Content-Type: message\/sipfrag[\s\S]*SIP\/2\.0 100 Trying/, 'first NOTIFY says 100 Trying');
  const recs = await waitFor(async () => {
    const r = await callRecords(p);
    return r.length === 2 && r.every((c) => c.ended === 1) ? r : undefined;
  }, { what: 'both call records ended' });
  t.match(recs, [
    { caller: '2001', callee: '2003', cause: 'transferred' },
    { caller: '2003', callee: '2002', dialled: '2002', answered_by: '2002' },
  ]);
});

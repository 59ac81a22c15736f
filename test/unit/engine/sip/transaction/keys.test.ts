import t from 'tap';
import type { SipMessage } from '../../../../../engine/sip/src/message/index.js';
import { clientKey, clientKeyForResponse, inviteKeyForCancel, serverKey, topVia } from '../../../../../engine/sip/src/transaction/keys.js';
import { defaultTimers, timer64, timerD, timerIK, timerJ } from '../../../../../engine/sip/src/transaction/timers.js';
import { request, response } from './harness.js';

const skey = (m: SipMessage): string => serverKey(m, topVia(m)!);

void t.test('topVia reads the first value of the first Via line', async (t) => {
  const m = request('OPTIONS', { branch: 'z9hG4bKtop' });
  m.set('via', 'SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa, SIP/2.0/TCP proxy.example.invalid;branch=z9hG4bKb');
  t.equal(topVia(m)?.params.get('branch'), 'z9hG4bKa');
  m.set('via', 'garbage');
  t.equal(topVia(m), undefined);
  m.remove('via');
  t.equal(topVia(m), undefined);
});

void t.test('RFC 3261 server keys: branch, sent-by and method; ACK joins its INVITE; CANCEL stands apart (§17.2.3)', async (t) => {
  const invite = request('INVITE', { branch: 'z9hG4bKk1' });
  const ack = request('ACK', { branch: 'z9hG4bKk1', toTag: 'tt' });
  const cancel = request('CANCEL', { branch: 'z9hG4bKk1' });
  t.equal(skey(ack), skey(invite), 'the ACK of a non-2xx matches the INVITE transaction');
  t.not(skey(cancel), skey(invite), 'CANCEL is a transaction of its own');
  t.equal(inviteKeyForCancel(cancel, topVia(cancel)!), skey(invite), 'and finds the INVITE it cancels');
  t.equal(skey(request('INVITE', { branch: 'z9hG4bKk1', callId: 'other', fromTag: 'x', uri: 'sip:else@example.invalid' })), skey(invite),
    'with a magic-cookie branch nothing but branch, sent-by and method counts');
  t.not(skey(request('INVITE', { branch: 'z9hG4bKk2' })), skey(invite), 'another branch');
  t.not(skey(request('INVITE', { branch: 'z9hG4bKk1', viaHost: '127.0.0.1:5071' })), skey(invite), 'another sent-by port');
  t.not(skey(request('INVITE', { branch: 'z9hG4bKk1', viaHost: '127.0.0.2:5070' })), skey(invite), 'another sent-by host');
  t.not(skey(request('OPTIONS', { branch: 'z9hG4bKk1' })), skey(invite), 'another method with the same branch');
  t.not(skey(request('BYE', { branch: 'z9hG4bKk1' })), skey(request('INFO', { branch: 'z9hG4bKk1' })));
});

void t.test('RFC 2543 requests (no magic cookie) are matched by Request-URI, From tag, Call-ID, CSeq and top Via', async (t) => {
  const base = { branch: 'legacy1' };
  const invite = request('INVITE', base);
  t.equal(skey(request('INVITE', base)), skey(invite), 'a retransmission matches');
  t.equal(skey(request('ACK', { ...base, toTag: 'added-by-uas' })), skey(invite), 'the ACK, which carries the To tag, matches its INVITE');
  const cancel = request('CANCEL', base);
  t.equal(inviteKeyForCancel(cancel, topVia(cancel)!), skey(invite));
  t.not(skey(cancel), skey(invite));
  const variants: ReadonlyArray<readonly [string, Parameters<typeof request>[1]]> = [
    ['Request-URI', { ...base, uri: 'sip:other@example.invalid' }],
    ['From tag', { ...base, fromTag: 'ft2' }],
    ['Call-ID', { ...base, callId: 'other@127.0.0.1' }],
    ['CSeq number', { ...base, seq: 2 }],
    ['top Via sent-by', { ...base, viaHost: '127.0.0.1:5999' }],
    ['top Via branch', { branch: 'legacy2' }],
  ];
  for (const [what, opts] of variants) t.not(skey(request('INVITE', opts)), skey(invite), `a different ${what} is another transaction`);
  const noBranch = request('INVITE');
  noBranch.set('via', 'SIP/2.0/UDP 127.0.0.1:5070');
  t.match(skey(noBranch), /^legacy\|/, 'no branch at all also falls back');
  t.not(skey(request('INVITE', { branch: 'z9hG4bKlegacy1' })), skey(invite), 'a cookie branch never matches a legacy key');
});

void t.test('client keys: top Via branch plus CSeq method (§17.1.3)', async (t) => {
  const invite = request('INVITE', { branch: 'z9hG4bKc1' });
  t.equal(clientKeyForResponse(response(invite, 180)), clientKey('z9hG4bKc1', 'INVITE'));
  const cancel = request('CANCEL', { branch: 'z9hG4bKc1' });
  t.equal(clientKeyForResponse(response(cancel, 200)), clientKey('z9hG4bKc1', 'CANCEL'));
  t.not(clientKeyForResponse(response(cancel, 200)), clientKeyForResponse(response(invite, 200)), 'a 200 to CANCEL never completes the INVITE');
  const noVia = response(invite, 200);
  noVia.remove('via');
  t.equal(clientKeyForResponse(noVia), undefined);
  const noBranch = response(invite, 200);
  noBranch.set('via', 'SIP/2.0/UDP 127.0.0.1:5070');
  t.equal(clientKeyForResponse(noBranch), undefined);
  const badCseq = response(invite, 200);
  badCseq.set('cseq', 'x');
  t.equal(clientKeyForResponse(badCseq), undefined);
});

void t.test('timers follow RFC 3261 Table 4 and vanish on reliable transports', async (t) => {
  t.same(defaultTimers, { T1: 500, T2: 4000, T4: 5000 });
  const scaled = { T1: 20, T2: 160, T4: 200 };
  t.equal(timer64(defaultTimers), 32_000);
  t.equal(timer64(scaled), 1280);
  t.equal(timerD(defaultTimers, false), 32_000, 'Timer D > 32 s on UDP');
  t.equal(timerD(defaultTimers, true), 0);
  t.equal(timerIK(defaultTimers, false), 5000, 'Timers I and K: T4');
  t.equal(timerIK(defaultTimers, true), 0);
  t.equal(timerJ(defaultTimers, false), 32_000);
  t.equal(timerJ(defaultTimers, true), 0);
});

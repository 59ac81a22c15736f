import t from 'tap';
import { ChannelVariables } from '../../../../../engine/media/src/channel/variables.js';
import { parseHangupCause, HANGUP_CAUSES, callStateNumber, channelStateNumber } from '../../../../../engine/media/src/channel/states.js';
import { DigitQueue } from '../../../../../engine/media/src/channel/digit-queue.js';

void t.test('setting a variable moves it to the end, as FreeSWITCH event headers do', async (t) => {
  const v = new ChannelVariables();
  v.set('a', '1');
  v.set('b', '2');
  v.set('a', '3');
  t.same(v.entries(), [['b', '2'], ['a', '3']]);
  v.set('b', '');
  t.same(v.entries(), [['a', '3']], 'an empty value unsets');
});

void t.test('array variables read as ARRAY:: text and ${} expands', async (t) => {
  const v = new ChannelVariables();
  v.set('DP_MATCH', ['drachtio-fsmrf:x', 'x']);
  v.set('sip_h_X-esl-outbound', '127.0.0.1:9999');
  t.equal(v.get('DP_MATCH'), 'ARRAY::drachtio-fsmrf:x|:x');
  t.equal(v.expand('${sip_h_X-esl-outbound} async full'), '127.0.0.1:9999 async full');
  t.equal(v.expand('[${missing}]'), '[]');
});

void t.test('hangup causes parse by name or Q.850 number', async (t) => {
  t.equal(parseHangupCause('user_busy'), 'USER_BUSY');
  t.equal(parseHangupCause('17'), 'USER_BUSY');
  t.equal(parseHangupCause(''), 'NORMAL_CLEARING');
  t.equal(parseHangupCause('nonsense', 'CALL_REJECTED'), 'CALL_REJECTED');
  t.equal(HANGUP_CAUSES.NORMAL_CLEARING, 16);
  t.equal(channelStateNumber('CS_HANGUP'), 10, 'numbers as in the recorded events');
  t.equal(callStateNumber('HANGUP'), 7);
});

void t.test('digits reach the newest reader; without readers they are dropped', async (t) => {
  const q = new DigitQueue();
  q.push({ digit: '1', durationSamples: 800, source: 'RTP' });
  t.same(q.pending, [], 'parked: dropped');
  const seenA: string[] = [];
  const detachA = q.attach((d) => { seenA.push(d.digit); return false; });
  q.push({ digit: '2', durationSamples: 800, source: 'RTP' });
  t.same(q.pending.map((d) => d.digit), ['2'], 'kept while a reader is attached');
  const seenB: string[] = [];
  const detachB = q.attach((d) => { seenB.push(d.digit); return true; });
  t.same(seenB, ['2'], 'queued digit offered to the new reader');
  q.push({ digit: '3', durationSamples: 800, source: 'RTP' });
  t.same([seenA, seenB], [['2'], ['2', '3']]);
  detachB();
  detachA();
  q.push({ digit: '4', durationSamples: 800, source: 'RTP' });
  t.same(q.pending, []);
});

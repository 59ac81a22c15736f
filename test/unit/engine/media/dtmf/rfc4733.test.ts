import t from 'tap';
import fc from 'fast-check';
import {
  digitToEvent, eventToDigit, expireTelephoneEvent, INITIAL_DTMF_RECEIVER, parseTelephoneEvent, planDtmfPackets,
  receiveTelephoneEvent, serializeTelephoneEvent, type DtmfReceiverState, type DetectedDigit,
} from '../../../../../engine/media/src/dtmf/index.js';

void t.test('digits map to the RFC 4733 event codes', async (t) => {
  const table: Array<[string, number]> = [['0', 0], ['5', 5], ['9', 9], ['*', 10], ['#', 11], ['A', 12], ['d', 15]];
  for (const [digit, code] of table) t.equal(digitToEvent(digit), code, digit);
  t.equal(digitToEvent('x'), undefined);
  t.equal(eventToDigit(11), '#');
  t.equal(eventToDigit(16), undefined, 'flash is not a digit');
});

void t.test('the payload of SIPp dtmf_2833_1.pcap end packet parses as event 1, end, volume 10, duration 2240', async (t) => {
  const bytes = new Uint8Array([0x01, 0x8a, 0x08, 0xc0]);
  t.same(parseTelephoneEvent(bytes), { event: 1, end: true, volume: 10, duration: 2240 });
  t.same(Array.from(serializeTelephoneEvent({ event: 1, end: true, volume: 10, duration: 2240 })), Array.from(bytes));
  t.equal(parseTelephoneEvent(new Uint8Array(3)), undefined);
});

void t.test('a 100 ms digit is planned as marker start, updates and three end packets', async (t) => {
  const plan = planDtmfPackets({ digit: '5', durationMs: 100 });
  t.same(plan?.map((p) => [p.atMs, p.marker, p.payload.end, p.payload.duration]), [
    [0, true, false, 160],
    [20, false, false, 320],
    [40, false, false, 480],
    [60, false, false, 640],
    [80, false, true, 800],
    [100, false, true, 800],
    [120, false, true, 800],
  ]);
  t.ok(plan?.every((p) => p.payload.event === 5 && p.payload.volume === 10));
  t.equal(planDtmfPackets({ digit: 'z', durationMs: 100 }), undefined);
});

void t.test('a very short digit still has one start packet and three ends', async (t) => {
  const plan = planDtmfPackets({ digit: '#', durationMs: 5 }) ?? [];
  t.equal(plan.length, 4);
  t.equal(plan.filter((p) => p.payload.end).length, 3);
  t.equal(plan[0]?.marker, true);
});

function feed(packets: Array<{ ssrc?: number; ts: number; event: number; end: boolean; duration: number }>): DetectedDigit[] {
  let state: DtmfReceiverState = INITIAL_DTMF_RECEIVER;
  const out: DetectedDigit[] = [];
  let now = 0;
  for (const p of packets) {
    now += 20;
    const step = receiveTelephoneEvent(state, { ssrc: p.ssrc ?? 1, timestamp: p.ts, payload: { event: p.event, end: p.end, volume: 10, duration: p.duration } }, now);
    state = step.state;
    out.push(...step.detected);
  }
  return out;
}

void t.test('the three end packets report the digit once with the end duration', async (t) => {
  const got = feed([
    { ts: 13280, event: 1, end: false, duration: 0 },
    { ts: 13280, event: 1, end: false, duration: 320 },
    { ts: 13280, event: 1, end: true, duration: 2240 },
    { ts: 13280, event: 1, end: true, duration: 2240 },
    { ts: 13280, event: 1, end: true, duration: 2240 },
  ]);
  t.same(got.map((d) => [d.digit, d.durationSamples, d.timestamp]), [['1', 2240, 13280]]);
});

void t.test('the same digit pressed twice in a row is reported twice (distinct timestamps)', async (t) => {
  const got = feed([
    { ts: 100, event: 2, end: false, duration: 160 },
    { ts: 100, event: 2, end: true, duration: 800 },
    { ts: 100, event: 2, end: true, duration: 800 },
    { ts: 2000, event: 2, end: false, duration: 160 },
    { ts: 2000, event: 2, end: true, duration: 800 },
  ]);
  t.same(got.map((d) => d.digit), ['2', '2']);
});

void t.test('an event whose end packets were all lost is reported when the next event starts', async (t) => {
  const got = feed([
    { ts: 100, event: 3, end: false, duration: 160 },
    { ts: 100, event: 3, end: false, duration: 480 },
    { ts: 900, event: 4, end: false, duration: 160 },
    { ts: 900, event: 4, end: true, duration: 640 },
  ]);
  t.same(got.map((d) => [d.digit, d.durationSamples]), [['3', 480], ['4', 640]]);
});

void t.test('a late end packet of an already reported event is ignored', async (t) => {
  const got = feed([
    { ts: 100, event: 3, end: true, duration: 800 },
    { ts: 900, event: 4, end: false, duration: 160 },
    { ts: 100, event: 3, end: true, duration: 800 },
    { ts: 900, event: 4, end: true, duration: 640 },
  ]);
  t.same(got.map((d) => d.digit), ['3', '4']);
});

void t.test('an unfinished event expires after the timeout and only then', async (t) => {
  const step = receiveTelephoneEvent(INITIAL_DTMF_RECEIVER, { ssrc: 7, timestamp: 1, payload: { event: 9, end: false, volume: 10, duration: 320 } }, 1000);
  t.same(expireTelephoneEvent(step.state, 1400, 500).detected, []);
  const expired = expireTelephoneEvent(step.state, 1500, 500);
  t.same(expired.detected.map((d) => [d.digit, d.durationSamples]), [['9', 320]]);
  t.same(expireTelephoneEvent(expired.state, 5000, 500).detected, []);
});

void t.test('any planned digit sequence, with end packets duplicated, is received exactly once per digit', async (t) => {
  fc.assert(fc.property(
    fc.array(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D'), { minLength: 1, maxLength: 12 }),
    fc.integer({ min: 40, max: 400 }),
    (digits, durationMs) => {
      let state: DtmfReceiverState = INITIAL_DTMF_RECEIVER;
      const seen: string[] = [];
      let ts = 1000;
      let now = 0;
      for (const digit of digits) {
        for (const p of planDtmfPackets({ digit, durationMs }) ?? []) {
          now += 20;
          const step = receiveTelephoneEvent(state, { ssrc: 42, timestamp: ts, payload: p.payload }, now);
          state = step.state;
          seen.push(...step.detected.map((d) => d.digit));
        }
        ts += 8 * (durationMs + 100);
      }
      return seen.join('') === digits.join('');
    },
  ));
  t.pass('property held for all generated cases');
});

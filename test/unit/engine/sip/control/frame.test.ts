import t from 'tap';
import fc from 'fast-check';
import { unicodeString } from '../arbitraries.js';
import { FrameDecoder, encodeFrame, meta, parsePayload, stackTime, type FrameUnit } from '../../../../../engine/sip/src/control/frame.js';

function feed(d: FrameDecoder, chunks: readonly Buffer[]): FrameUnit[] {
  return chunks.flatMap((c) => d.push(c));
}

const payloads = [
  'b6f0c7e2-1a2b-4c3d-8e9f-0a1b2c3d4e5f|ping',
  'a1|sip|network|512|udp|127.0.0.1|5060|12:00:00.000000|txn-1|\r\nMESSAGE sip:a@example.invalid SIP/2.0\r\nContent-Length: 12\r\n\r\nGrüße 🙂 ä',
  '',
  'Zoë Ångström → 日本語 🙂🙂',
];

void t.test('frames carry the byte length of the UTF-8 payload (reference §1.1)', async (t) => {
  t.equal(encodeFrame('ping'), '4#ping');
  t.equal(encodeFrame(''), '0#');
  t.equal(encodeFrame('ä'), '2#ä');
  t.equal(encodeFrame('🙂'), '4#🙂');
});

void t.test('frames split at every byte, inside multi-byte characters too, decode to the payloads', async (t) => {
  const stream = Buffer.from(payloads.map(encodeFrame).join(''), 'utf8');
  let bad = 0;
  for (let i = 0; i <= stream.length; i++) {
    for (const j of [i, Math.min(stream.length, i + 1), Math.min(stream.length, i + 3)]) {
      const units = feed(new FrameDecoder(), [stream.subarray(0, i), stream.subarray(i, j), stream.subarray(j)]);
      if (JSON.stringify(units) !== JSON.stringify(payloads.map((payload) => ({ kind: 'frame', payload })))) bad++;
    }
  }
  t.equal(bad, 0, `${stream.length + 1} split points`);
});

void t.test('any payloads under any chunking decode unchanged and in order', async (t) => {
  const payload = unicodeString({ maxLength: 60 });
  fc.assert(fc.property(fc.array(payload, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }), (ps, cuts) => {
    const stream = Buffer.from(ps.map(encodeFrame).join(''), 'utf8');
    const at = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
    const chunks: Buffer[] = [];
    let prev = 0;
    for (const p of at) {
      chunks.push(stream.subarray(prev, p));
      prev = p;
    }
    chunks.push(stream.subarray(prev));
    const units = feed(new FrameDecoder(), chunks);
    if (JSON.stringify(units) !== JSON.stringify(ps.map((p) => ({ kind: 'frame', payload: p })))) throw new Error('differs');
  }), { numRuns: 1500 });
  t.pass('holds');
});

void t.test('leading zeros in the length are accepted', async (t) => {
  t.same(new FrameDecoder().push(Buffer.from('004#ping')), [{ kind: 'frame', payload: 'ping' }]);
});

void t.test('invalid length prefixes are errors, and the decoder stays failed', async (t) => {
  const rows: ReadonlyArray<readonly [string, string]> = [
    ['#ping', 'invalid length prefix'],
    ['4x#ping', 'invalid length prefix'],
    [' 4#ping', 'invalid length prefix'],
    ['-4#ping', 'invalid length prefix'],
    ['123456789#', 'invalid length prefix'],
    ['123456789', 'length prefix too long'],
    ['12a', 'non-digit in length prefix'],
    ['GET / HTTP/1.1\r\n', 'length prefix too long'],
    ['GET /', 'non-digit in length prefix'],
    ['4#ping5a#', 'invalid length prefix'],
  ];
  for (const [input, reason] of rows) {
    const d = new FrameDecoder();
    const units = d.push(Buffer.from(input));
    const err = units.at(-1);
    t.same(err, { kind: 'error', reason }, JSON.stringify(input));
    t.same(d.push(Buffer.from('4#ping')), [], `${JSON.stringify(input)}: nothing after the error`);
  }
});

void t.test('a valid frame before garbage is still delivered, then the error', async (t) => {
  t.same(new FrameDecoder().push(Buffer.from('4#pingX#')), [{ kind: 'frame', payload: 'ping' }, { kind: 'error', reason: 'invalid length prefix' }]);
});

void t.test('an incomplete prefix of digits waits for more bytes', async (t) => {
  const d = new FrameDecoder();
  t.same(d.push(Buffer.from('1234')), []);
  t.same(d.push(Buffer.from('5678')), [], 'eight digits may still be a length');
  t.same(d.push(Buffer.from('9')), [{ kind: 'error', reason: 'length prefix too long' }]);
});

void t.test('parsePayload splits the leader tokens from the SIP text after the first CRLF', async (t) => {
  t.same(parsePayload('uuid|ping'), { tokens: ['uuid', 'ping'], sip: undefined });
  t.same(parsePayload('a|b||c|\r\nINVITE sip:x SIP/2.0\r\n\r\n'), { tokens: ['a', 'b', '', 'c', ''], sip: 'INVITE sip:x SIP/2.0\r\n\r\n' });
  t.same(parsePayload(''), { tokens: [''], sip: undefined });
});

void t.test('stackTime writes UTC HH:MM:SS.uuuuuu and meta joins six tokens', async (t) => {
  t.equal(stackTime(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), '03:04:05.678000');
  t.equal(stackTime(Date.UTC(2024, 5, 30, 23, 59, 59, 7)), '23:59:59.007000');
  t.equal(stackTime(0), '00:00:00.000000');
  const a = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
  const b = a + 1;
  t.same([stackTime(a), stackTime(a), stackTime(b), stackTime(b), stackTime(a)], ['03:04:05.678000', '03:04:05.678000', '03:04:05.679000', '03:04:05.679000', '03:04:05.678000'], 'the same millisecond twice, then another, then back');
  t.equal(meta('network', 512, 'udp', '127.0.0.1', 5060, '00:00:00.000000'), 'network|512|udp|127.0.0.1|5060|00:00:00.000000');
});

/** The tap's frame decoder must recover exactly the frames srf and the server wrote, however TCP splits them. */
import t from 'tap';
import fc from 'fast-check';
import { FrameDecoder } from './frame-decoder.js';

// 1-, 2/3- and 4-byte UTF-8 code points, so frame ends fall inside multi-byte characters. Built from
// integers because fast-check's 'binary' string unit costs seconds of set-up per process.
const codePoint = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xd7ff }), fc.integer({ min: 0x10000, max: 0x10ffff }));
const payload = fc.array(codePoint, { maxLength: 200, size: 'max' }).map((cps) => String.fromCodePoint(...cps));

const encode = (payload: string) => Buffer.from(`${Buffer.byteLength(payload, 'utf8')}#${payload}`, 'utf8');

void t.test('frames split at arbitrary byte boundaries decode to the payloads sent', async (t) => {
  fc.assert(fc.property(fc.array(payload, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }), (payloads, cuts) => {
    const wire = Buffer.concat(payloads.map(encode));
    const points = [...new Set(cuts.map((c) => (wire.length === 0 ? 0 : c % wire.length)))].sort((a, b) => a - b);
    const dec = new FrameDecoder();
    const got: string[] = [];
    let last = 0;
    for (const p of [...points, wire.length]) {
      for (const u of dec.push(wire.subarray(last, p))) if (u.kind === 'frame') got.push(u.payload);
      last = p;
    }
    return JSON.stringify(got) === JSON.stringify(payloads) && dec.pending === 0;
  }), { numRuns: 100 });
  t.pass('property held');
});

void t.test('a length prefix that is not digits is a framing error', async (t) => {
  const units = new FrameDecoder().push(Buffer.from('4#ping12x#abc'));
  t.same(units.map((u) => u.kind), ['frame', 'framing-error']);
});

void t.test('a prefix longer than the server accepts is a framing error', async (t) => {
  t.same(new FrameDecoder().push(Buffer.from('1234567#')).map((u) => u.kind), ['framing-error']);
});

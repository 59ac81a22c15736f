import t from 'tap';
import fc from 'fast-check';
import { parseRtp, sequenceDelta, timestampDelta, writeRtpHeader } from '../../../../../engine/media/src/rtp/index.js';

void t.test('a written header parses back with the same fields', async (t) => {
  fc.assert(fc.property(
    fc.boolean(), fc.integer({ min: 0, max: 127 }).filter((pt) => pt < 72 || pt > 76), fc.integer({ min: 0, max: 0xffff }),
    fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: 200 }),
    (marker, pt, seq, ts, ssrc, payload) => {
      const buf = new Uint8Array(12 + payload.length);
      writeRtpHeader(buf, marker, pt, seq, ts, ssrc);
      buf.set(payload, 12);
      const p = parseRtp(buf);
      return p !== undefined && p.marker === marker && p.payloadType === pt && p.sequence === seq && p.timestamp === ts
        && p.ssrc === ssrc && Buffer.from(p.payload).equals(Buffer.from(payload));
    },
  ));
  t.pass('property held for all generated cases');
});

void t.test('CSRCs, header extensions and padding are skipped to find the payload', async (t) => {
  // V=2, P=1, X=1, CC=1; PT 0; ext of 1 word; payload 2 bytes; 2 bytes padding.
  const buf = Uint8Array.from([0xb1, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 9, 9, 9, 9, 0xbe, 0xde, 0, 1, 7, 7, 7, 7, 0xaa, 0xbb, 0, 2]);
  t.same(Array.from(parseRtp(buf)?.payload ?? []), [0xaa, 0xbb]);
});

void t.test('non-RTP datagrams and RTCP are rejected', async (t) => {
  t.equal(parseRtp(new Uint8Array(11)), undefined, 'too short');
  t.equal(parseRtp(Uint8Array.from([0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])), undefined, 'version 1');
  t.equal(parseRtp(Uint8Array.from([0x80, 0xc8, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0])), undefined, 'RTCP SR (200)');
  t.equal(parseRtp(Uint8Array.from([0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])), undefined, 'extension bit without extension');
});

void t.test('sequence and timestamp distances survive wrap-around', async (t) => {
  t.equal(sequenceDelta(2, 0xfffe), 4);
  t.equal(sequenceDelta(0xfffe, 2), -4);
  t.equal(timestampDelta(100, 0xffffff00), 356);
  t.equal(timestampDelta(0xffffff00, 100), -356);
});

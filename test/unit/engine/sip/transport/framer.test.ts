import t from 'tap';
import fc from 'fast-check';
import { StreamFramer, type StreamUnit } from '../../../../../engine/sip/src/transport/framer.js';
import { parseMessage, serializeMessage } from '../../../../../engine/sip/src/message/index.js';
import { validFixtures } from '../sip-fixtures.js';

/** The valid corpus as it goes on a stream: serialised, so Content-Length is exact (RFC 3261 §18.3). */
const messages: Buffer[] = validFixtures().map((f) => {
  const r = parseMessage(f.bytes);
  if (!r.ok) throw new Error(`${f.name}: ${r.reason}`);
  return Buffer.from(serializeMessage(r.message), 'utf8');
});

function feed(framer: StreamFramer, chunks: readonly Buffer[]): StreamUnit[] {
  const out: StreamUnit[] = [];
  for (const c of chunks) out.push(...framer.push(c));
  return out;
}

function messagesOf(units: readonly StreamUnit[]): string[] {
  return units.flatMap((u) => (u.kind === 'message' ? [u.data.toString('latin1')] : []));
}

/** Cuts a buffer at the given positions. */
function cut(buf: Buffer, positions: readonly number[]): Buffer[] {
  const at = [...new Set(positions.map((p) => p % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of at) {
    out.push(buf.subarray(prev, p));
    prev = p;
  }
  out.push(buf.subarray(prev));
  return out;
}

void t.test('three messages in one stream split at every byte position come out whole and in order', async (t) => {
  const trio = [messages[0]!, messages[10]!, messages[5]!];
  const stream = Buffer.concat(trio);
  const want = trio.map((m) => m.toString('latin1'));
  let bad = 0;
  for (let i = 0; i <= stream.length; i++) {
    const units = feed(new StreamFramer(), [stream.subarray(0, i), stream.subarray(i)]);
    if (JSON.stringify(units.map((u) => u.kind)) !== '["message","message","message"]' || JSON.stringify(messagesOf(units)) !== JSON.stringify(want)) bad++;
  }
  t.equal(bad, 0, `all ${stream.length + 1} split points`);
});

void t.test('a whole message fed byte by byte is framed exactly once, at its last byte', async (t) => {
  const m = messages.find((x) => x.length > 600)!;
  const framer = new StreamFramer();
  const seen: number[] = [];
  for (let i = 0; i < m.length; i++) if (framer.push(m.subarray(i, i + 1)).length) seen.push(i);
  t.same(seen, [m.length - 1]);
  t.equal(framer.pending, 0);
});

void t.test('any chunking of any message sequence with keep-alives yields the messages and one ping per CRLFCRLF', async (t) => {
  const item = fc.oneof(
    { weight: 4, arbitrary: fc.nat(messages.length - 1).map((i) => ({ kind: 'message' as const, data: messages[i]! })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'ping' as const, data: Buffer.from('\r\n\r\n') }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'pong' as const, data: Buffer.from('\r\n') }) },
  );
  fc.assert(fc.property(fc.array(item, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 }), (items, positions) => {
    // A lone CRLF (pong) directly before more CR/LF would itself start a ping: not a case to count.
    for (let i = 1; i < items.length; i++) if (items[i - 1]!.kind === 'pong' && items[i]!.kind !== 'message') return;
    const stream = Buffer.concat(items.map((x) => x.data));
    const units = feed(new StreamFramer(), cut(stream, positions));
    const want = items.filter((x) => x.kind === 'message').map((x) => x.data.toString('latin1'));
    if (JSON.stringify(messagesOf(units)) !== JSON.stringify(want)) throw new Error('messages differ');
    const pings = units.filter((u) => u.kind === 'ping').length;
    if (pings !== items.filter((x) => x.kind === 'ping').length) throw new Error(`pings ${pings}`);
    if (units.some((u) => u.kind === 'error')) throw new Error('error');
  }), { numRuns: 1500 });
  t.pass('holds');
});

void t.test('back-to-back pings are each answered, however the stream is cut', async (t) => {
  const stream = Buffer.from('\r\n\r\n\r\n\r\n');
  for (let i = 0; i <= stream.length; i++) {
    const units = feed(new StreamFramer(), [stream.subarray(0, i), stream.subarray(i)]);
    t.same(units, [{ kind: 'ping' }, { kind: 'ping' }], `cut at ${i}`);
  }
});

void t.test('a CRLF pong between messages is skipped and not taken for a ping', async (t) => {
  const [a, b] = [messages[1]!, messages[2]!];
  for (const gap of ['\r\n', '\n', '\r', '\r\n\r']) {
    const units = feed(new StreamFramer(), [Buffer.concat([a, Buffer.from(gap), b])]);
    t.same(units.map((u) => u.kind), ['message', 'message'], JSON.stringify(gap));
  }
  const framer = new StreamFramer();
  t.same(framer.push(Buffer.from('\r\n')), [], 'a lone CRLF waits: it may be half a ping');
  t.same(framer.push(Buffer.from('\r\n')), [{ kind: 'ping' }]);
});

void t.test('a message without Content-Length on a stream has an empty body', async (t) => {
  const units = feed(new StreamFramer(), [Buffer.from('OPTIONS sip:a@example.invalid SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK1\r\n\r\nOPTIONS sip:b')]);
  t.same(messagesOf(units), ['OPTIONS sip:a@example.invalid SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK1\r\n\r\n']);
});

void t.test('compact l: counts as Content-Length and X-Content-Length does not', async (t) => {
  const head = 'MESSAGE sip:a@example.invalid SIP/2.0\r\nX-Content-Length: 99\r\nl:  4\r\n\r\n';
  const units = feed(new StreamFramer(), [Buffer.from(`${head}abcdNEXT`)]);
  t.same(messagesOf(units), [`${head}abcd`]);
});

void t.test('a header block over the limit is an error and the framer stays failed', async (t) => {
  const framer = new StreamFramer(200, 1000);
  const units = framer.push(Buffer.from(`OPTIONS sip:a@example.invalid SIP/2.0\r\nX: ${'y'.repeat(300)}`));
  t.same(units, [{ kind: 'error', reason: 'header block too large' }]);
  t.same(framer.push(messages[0]!), [], 'nothing after the error');
  t.equal(framer.pending, 0, 'the buffer is released');
  const whole = new StreamFramer(200, 1000).push(Buffer.from(`OPTIONS sip:a@example.invalid SIP/2.0\r\nX: ${'y'.repeat(300)}\r\n\r\n`));
  t.same(whole, [{ kind: 'error', reason: 'header block too large' }], 'also when the terminator is already there');
});

void t.test('a header block exactly at the limit passes however it is cut', async (t) => {
  const max = 120;
  const start = 'OPTIONS sip:a@example.invalid SIP/2.0\r\nX: ';
  const head = start + 'y'.repeat(max - start.length);
  t.equal(head.length, max);
  const msg = Buffer.from(`${head}\r\n\r\n`);
  for (let i = 0; i <= msg.length; i++) {
    const units = feed(new StreamFramer(max, 1000), [msg.subarray(0, i), msg.subarray(i)]);
    t.same(units.map((u) => u.kind), ['message'], `cut at ${i}`);
  }
  t.same(new StreamFramer(max - 1, 1000).push(msg).map((u) => u.kind), ['error'], 'one byte less is too large');
});

void t.test('a Content-Length over the body limit is an error before the body arrives', async (t) => {
  const framer = new StreamFramer(65535, 100);
  t.same(framer.push(Buffer.from('MESSAGE sip:a@example.invalid SIP/2.0\r\nContent-Length: 101\r\n\r\n')), [{ kind: 'error', reason: 'body too large' }]);
  const ok = new StreamFramer(65535, 100).push(Buffer.from(`MESSAGE sip:a@example.invalid SIP/2.0\r\nContent-Length: 100\r\n\r\n${'b'.repeat(100)}`));
  t.same(ok.map((u) => u.kind), ['message']);
  const huge = new StreamFramer().push(Buffer.from('MESSAGE sip:a@example.invalid SIP/2.0\r\nContent-Length: 99999999999999999999\r\n\r\n'));
  t.same(huge, [{ kind: 'error', reason: 'body too large' }]);
});

import t from 'tap';
import { SipMessage, parseMessage, serializeMessage, startLineOf } from '../../../../../engine/sip/src/message/index.js';

function sample(): SipMessage {
  const r = parseMessage([
    'INVITE sip:bob@example.invalid SIP/2.0',
    'Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa, SIP/2.0/UDP p.example.invalid;branch=z9hG4bKb',
    'v: SIP/2.0/TCP q.example.invalid;branch=z9hG4bKc',
    'Route: <sip:r1.example.invalid;lr>',
    'From: "A" <sip:a@example.invalid>;tag=fa',
    'To: <sip:bob@example.invalid>;tag=tb',
    'Call-ID: msg-test@127.0.0.1',
    'CSeq: 314159 INVITE',
    'Subject: one',
    'Subject: two, three',
    '',
    '',
  ].join('\r\n'));
  if (!r.ok) throw new Error(r.reason);
  return r.message;
}

void t.test('getters read the first line, lists split at commas, compact and long names alike', async (t) => {
  const m = sample();
  t.equal(m.get('Via'), 'SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa, SIP/2.0/UDP p.example.invalid;branch=z9hG4bKb');
  t.equal(m.first('v'), 'SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa');
  t.same(m.getAll('VIA').map((v) => v.split('branch=')[1]), ['z9hG4bKa', 'z9hG4bKb', 'z9hG4bKc']);
  t.same(m.getAll('subject'), ['one', 'two, three'], 'Subject is not a list header');
  t.equal(m.first('subject'), 'one');
  t.equal(m.get('x-missing'), undefined);
  t.same(m.getAll('x-missing'), []);
  t.equal(m.has('s'), true);
  t.equal(m.callId, 'msg-test@127.0.0.1');
  t.equal(m.fromTag, 'fa');
  t.equal(m.toTag, 'tb');
  t.equal(m.isRequest, true);
});

void t.test('CSeq is read as number and method, and refused when malformed (RFC 3261 §20.16)', async (t) => {
  const rows: ReadonlyArray<readonly [string | undefined, { seq: number; method: string } | undefined]> = [
    ['1 INVITE', { seq: 1, method: 'INVITE' }],
    ['  0009   BYE ', { seq: 9, method: 'BYE' }],
    ['4294967295 OPTIONS', { seq: 4294967295, method: 'OPTIONS' }],
    ["7 !interesting-Method0123456789_*+`.%indeed'~", { seq: 7, method: "!interesting-Method0123456789_*+`.%indeed'~" }],
    ['8 invite', { seq: 8, method: 'invite' }],
    ['4294967296 INVITE', undefined],
    ['36893488147419103232 INVITE', undefined],
    ['-1 INVITE', undefined],
    ['abc INVITE', undefined],
    ['77', undefined],
    ['1 INVITE BYE', undefined],
    ['', undefined],
    [undefined, undefined],
  ];
  for (const [value, want] of rows) {
    const m = SipMessage.request('OPTIONS', 'sip:a@example.invalid');
    if (value !== undefined) m.append('cseq', value);
    t.same(m.cseq, want, JSON.stringify(value));
  }
});

void t.test('set replaces every line of a header in place of the first one, or removes it', async (t) => {
  const m = sample();
  m.set('subject', 'only');
  t.same(m.getAll('subject'), ['only']);
  t.equal(m.headers.findIndex((h) => h.name === 'subject'), 7, 'kept at the position of the first line');
  m.set('via', 'SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKz');
  t.same(m.getAll('via'), ['SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKz']);
  t.equal(m.headers[0]?.name, 'via');
  m.set('subject', undefined);
  t.equal(m.has('subject'), false);
  m.set('x-new', 'v');
  t.equal(m.headers.at(-1)?.value, 'v');
  m.set('x-absent', undefined);
  t.equal(m.has('x-absent'), false);
});

void t.test('prepend puts a value before every line of that header; append goes last', async (t) => {
  const m = sample();
  m.prepend('via', 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKnew');
  t.equal(m.first('via'), 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKnew');
  t.equal(m.getAll('via').length, 4);
  m.prepend('record-route', '<sip:127.0.0.1;lr>');
  t.equal(m.headers[0]?.name, 'record-route', 'a new header goes first');
  m.append('r', '<sip:x@example.invalid>');
  t.same(m.headers.at(-1), { name: 'refer-to', value: '<sip:x@example.invalid>' });
});

void t.test('removeFirst pops the top value of a list header, line by line', async (t) => {
  const m = sample();
  m.removeFirst('via');
  t.same(m.getAll('via').map((v) => v.split('branch=')[1]), ['z9hG4bKb', 'z9hG4bKc']);
  m.removeFirst('via');
  t.same(m.getAll('via').map((v) => v.split('branch=')[1]), ['z9hG4bKc']);
  m.removeFirst('via');
  t.equal(m.has('via'), false);
  m.removeFirst('via');
  t.equal(m.has('via'), false, 'harmless when absent');
  m.remove('route');
  t.equal(m.has('route'), false);
});

void t.test('clone copies the header list, so editing the copy leaves the original alone', async (t) => {
  const m = sample();
  const c = m.clone();
  c.set('subject', 'changed');
  c.headers[0]!.value = 'SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKclone';
  c.body = 'x';
  t.same(m.getAll('subject'), ['one', 'two, three']);
  t.equal(m.first('via'), 'SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKa');
  t.equal(m.body, '');
  t.equal(serializeMessage(sample()), serializeMessage(m));
});

void t.test('serialisation writes canonical names, start lines and a byte-counted Content-Length last', async (t) => {
  const req = SipMessage.request('MESSAGE', 'sip:b@example.invalid', [{ name: 'call-id', value: 'c1' }, { name: 'content-length', value: '999' }, { name: 'cseq', value: '1 MESSAGE' }], 'Grüße');
  t.equal(serializeMessage(req), 'MESSAGE sip:b@example.invalid SIP/2.0\r\nCall-ID: c1\r\nCSeq: 1 MESSAGE\r\nContent-Length: 7\r\n\r\nGrüße');
  const res = SipMessage.response(180, 'Ringing');
  t.equal(startLineOf(res), 'SIP/2.0 180 Ringing');
  t.equal(serializeMessage(res), 'SIP/2.0 180 Ringing\r\nContent-Length: 0\r\n\r\n');
  t.equal(res.isRequest, false);
});

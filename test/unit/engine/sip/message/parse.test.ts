import t, { type Test } from 'tap';
import fc from 'fast-check';
import { unicodeString } from '../arbitraries.js';
import {
  MAX_MESSAGE_BYTES, SipMessage, parseMessage, parseNameAddr, parseUri, serializeMessage, type ParseResult,
} from '../../../../../engine/sip/src/message/index.js';
import { topVia } from '../../../../../engine/sip/src/transaction/keys.js';
import { invalidFixtures, validFixtures, type Defect } from '../sip-fixtures.js';

const valid = validFixtures();
const invalid = invalidFixtures();

/** The parts of a message that parse -> serialize -> parse must keep. */
function shape(m: SipMessage): { start: string; headers: Array<[string, string]>; body: string } {
  const start = m.isRequest ? `${m.method} ${m.uri}` : `${m.status} ${m.reason}`;
  // Content-Length is recomputed by the serialiser (RFC 3261 §20.14), so it is compared apart.
  const headers = m.headers.filter((h) => h.name !== 'content-length').map((h): [string, string] => [h.name, h.value]);
  return { start, headers, body: m.body };
}

function mustParse(r: ParseResult, what: string): SipMessage {
  if (!r.ok) throw new Error(`${what}: ${r.reason}`);
  return r.message;
}

/** Raw bytes after the first blank line of a fixture: an oracle for the body independent of the parser. */
function rawBodyAfterHead(bytes: Buffer): Buffer {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  const useLf = crlf < 0 || (lf >= 0 && lf < crlf);
  return bytes.subarray(useLf ? lf + 2 : crlf + 4);
}

void t.test('the corpus has enough cases of each kind', async (t) => {
  t.ok(valid.length >= 20, `${valid.length} valid`);
  t.ok(invalid.filter((f) => f.expect.parse !== 'accepted').length >= 15, 'parser-level invalid cases');
  t.ok(invalid.filter((f) => f.expect.parse === 'accepted').length >= 10, '§8.2-level invalid cases');
  for (const f of [...valid, ...invalid]) {
    const text = f.bytes.toString('latin1');
    const hosts = text.match(/@([A-Za-z0-9.-]+)/g) ?? [];
    for (const h of hosts) t.match(h, /^@(127\.0\.0\.1|[A-Za-z0-9.-]*example\.invalid)$/, `${f.name} names only loopback or example.invalid`);
  }
});

void t.test('every valid message survives parse -> serialize -> parse unchanged', async (t) => {
  for (const f of valid) {
    const first = mustParse(parseMessage(f.bytes), f.name);
    const text = serializeMessage(first);
    const second = mustParse(parseMessage(text), `${f.name} reparsed`);
    t.same(shape(second), shape(first), f.name);
    t.equal(second.get('content-length'), String(Buffer.byteLength(first.body, 'utf8')), `${f.name}: Content-Length counts body bytes`);
    t.equal(serializeMessage(second), text, `${f.name}: serialize is a fixed point`);
  }
});

void t.test('valid messages keep the body octets that Content-Length names', async (t) => {
  for (const f of valid) {
    const m = mustParse(parseMessage(f.bytes), f.name);
    const raw = rawBodyAfterHead(f.bytes);
    const cl = m.get('content-length');
    const expected = cl === undefined ? raw : raw.subarray(0, Number(cl));
    t.equal(m.body, expected.toString('utf8'), f.name);
  }
});

interface ValidCase {
  readonly file: string;
  readonly check: (m: SipMessage, t: Test) => void;
}

const validCases: ValidCase[] = [
  {
    file: 'tortuous-invite-folding-and-whitespace.sip',
    check: (m, t) => {
      t.equal(m.method, 'INVITE');
      t.equal(m.uri, 'sip:amt@rathaus.example.invalid;unknownparam');
      t.same(m.cseq, { seq: 9, method: 'INVITE' }, 'folded CSeq with a leading-zero number');
      t.equal(m.get('to'), 'sip:amt@rathaus.example.invalid ;   tag    = 1918181833n', 'a value folded onto an empty line has no leading space');
      t.equal(m.toTag, '1918181833n');
      t.equal(m.fromTag, '98asjd8');
      t.equal(m.get('max-forwards'), '0068');
      t.equal(m.get('subject'), '', 'compact s with an empty value');
      t.equal(m.get('NewFangledHeader'), 'newfangled value continued newfangled value');
      t.equal(m.get('unknownheaderwithunusualvalue'), ';;,,;;,;');
      t.equal(m.getAll('via').length, 3, 'one Via line plus a compact line with two values');
      t.equal(topVia(m)?.params.get('branch'), 'z9hG4bK390skdjuw');
      t.equal(topVia(m)?.transport, 'UDP');
      t.equal(parseNameAddr(m.get('contact')!)?.display, 'Quoted string ""');
      t.equal(parseNameAddr(m.get('contact')!)?.params.get('q'), '0.33');
      t.equal(parseNameAddr(m.get('from')!)?.display, 'B"u\\rgerb\\"uero');
    },
  },
  {
    file: 'unusual-method-and-uri-characters.sip',
    check: (m, t) => {
      t.equal(m.method, "!interesting-Method0123456789_*+`.%indeed'~");
      t.equal(m.cseq?.method, m.method, 'CSeq method keeps its case and matches the Request-Line (RFC 3261 §7.1)');
      t.equal(m.fromTag, "_token~1'+`*%!-.");
      t.equal(m.callId, "intmeth.word%ZK-!.*_+'@example.invalid`~)(><:\\/\"][?}{");
      const u = parseUri(m.uri!);
      t.equal(u?.host, 'example.invalid', 'a user part holding ? , / ; and : still leaves the host');
      t.equal(u?.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
      t.equal(u?.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
      t.equal(parseNameAddr(m.get('to')!)?.uri, "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.invalid");
    },
  },
  {
    file: 'percent-escapes-in-uris.sip',
    check: (m, t) => {
      t.equal(m.callId, 'esc01.239409asdfakjkn23onasd0-3234', 'compact i');
      t.equal(m.get('content-type'), 'application/sdp', 'compact C, upper-case');
      t.equal(parseUri(m.uri!)?.user, 'sips%3Auser%40example.invalid', 'escapes are kept as written');
      t.equal(m.get('contact'), '<sip:cal%6Cer@127.0.0.1:5060;%6C%72;n%61me=v%61lue%25%34%31>', 'folded value without a leading space');
    },
  },
  {
    file: 'percent-not-an-escape.sip',
    check: (m, t) => {
      t.equal(m.method, 'RE%47IST%45R');
      t.equal(m.getAll('contact').length, 2, 'C%6Fntact is an unknown header, not Contact');
      t.equal(m.get('c%6fntact'), '<sip:alias2@host2.example.invalid>');
    },
  },
  {
    file: 'escaped-nulls-in-uri.sip',
    check: (m, t) => {
      t.equal(parseUri(m.get('to')!)?.user, 'null-%00-null');
      t.equal(m.getAll('contact').length, 2);
      t.equal(m.get('content-length'), '0', 'compact L without a space');
    },
  },
  {
    file: 'no-space-before-angle-bracket.sip',
    check: (m, t) => {
      const from = parseNameAddr(m.get('from')!);
      t.equal(from?.display, 'caller');
      t.equal(from?.uri, 'sip:caller@example.invalid');
    },
  },
  {
    file: 'long-values-and-many-vias.sip',
    check: (m, t) => {
      t.equal(m.getAll('via').length, 30);
      t.equal(m.fromTag?.length, 607);
      t.ok(m.callId.length > 700);
    },
  },
  { file: 'extra-octets-after-body-on-udp.sip', check: (m, t) => t.equal(m.body, '', 'octets after Content-Length 0 are ignored on a datagram') },
  { file: 'content-length-shorter-than-body.sip', check: (m, t) => t.equal(m.body, 'hello') },
  {
    file: 'semicolon-in-user-part.sip',
    check: (m, t) => {
      t.same(parseUri(m.uri!), { scheme: 'sip', user: 'user;par=u%40example.invalid', password: undefined, host: 'example.invalid', port: undefined, params: new Map(), headers: undefined });
      t.equal(m.get('accept'), 'application/sdp, application/pkcs7-mime, multipart/mixed, multipart/signed, message/sip, message/sipfrag');
      t.equal(m.getAll('accept').length, 6);
    },
  },
  {
    file: 'unknown-transports-in-via.sip',
    check: (m, t) => t.same(m.getAll('via').map((v) => v.split(' ')[0]), ['SIP/2.0/UDP', 'SIP/2.0/SCTP', 'SIP/2.0/TLS', 'SIP/2.0/UNKNOWN', 'SIP/2.0/TCP']),
  },
  {
    file: 'multipart-mixed-body.sip',
    check: (m, t) => {
      t.match(m.body, /^--boundary42\r\nContent-Type: application\/sdp\r\n/);
      t.match(m.body, /Grüße aus dem Rathaus — Zentrale\r\n\r\n--boundary42--\r\n$/);
      t.equal(m.get('mime-version'), '1.0');
    },
  },
  {
    file: 'utf8-reason-phrase-response.sip',
    check: (m, t) => {
      t.equal(m.status, 200);
      t.equal(m.reason, '= 2**3 * 5**2 но сто девяносто девять - простое');
      t.equal(m.isRequest, false);
    },
  },
  {
    file: 'empty-reason-phrase-response.sip',
    check: (m, t) => {
      t.equal(m.status, 100);
      t.equal(m.reason, '');
    },
  },
  {
    file: 'utf8-display-names-and-body.sip',
    check: (m, t) => {
      t.equal(parseNameAddr(m.get('from')!)?.display, 'Jürgen Weiß (Bürgerbüro, Straßenverkehr)');
      t.equal(parseNameAddr(m.get('to')!)?.display, 'Zoë Ångström 🙂');
      t.equal(m.fromTag, 'ä1');
      t.equal(m.body, 'Grüß Gott! Das Amt für Straßenbau ist über Ostern geschlossen. 🙂 日本語も大丈夫。\r\n');
    },
  },
  {
    file: 'compact-headers-everywhere.sip',
    check: (m, t) => {
      t.same(m.headers.map((h) => h.name), [
        'via', 'from', 'to', 'call-id', 'cseq', 'contact', 'event', 'allow-events', 'supported', 'subject', 'session-expires',
        'refer-to', 'referred-by', 'accept-contact', 'reject-contact', 'request-disposition', 'content-encoding', 'content-type',
        'max-forwards', 'content-length',
      ]);
      t.same(m.getAll('u'), ['presence', 'dialog'], 'compact names work in lookups too');
    },
  },
  {
    file: 'multiple-values-and-repeated-headers.sip',
    check: (m, t) => {
      t.equal(m.getAll('via').length, 3);
      t.equal(m.first('via'), 'SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bKmv1');
      t.same(m.getAll('route'), ['<sip:p1.example.invalid;lr>', '<sip:p2.example.invalid;lr;foo="a,b">', '<sip:p3.example.invalid;lr>']);
      t.same(m.getAll('contact'), ['"Desk, left" <sip:bob@127.0.0.1:5080>;q=0.7', '<sip:bob@127.0.0.1:5081>;q=0.3']);
      t.same(m.getAll('allow'), ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'REFER', 'NOTIFY']);
      t.same(m.getAll('supported'), ['replaces', 'timer', '100rel']);
      t.equal(m.getAll('p-asserted-identity').length, 2);
      t.same(m.getAll('warning'), ['301 proxy1.example.invalid "Incompatible, really"'], 'Warning is not split here');
    },
  },
  {
    file: 'bare-lf-line-endings.sip',
    check: (m, t) => {
      t.equal(m.headers.length, 7);
      t.equal(m.callId, 'bare-lf@127.0.0.1');
      t.equal(m.cseq?.seq, 5);
    },
  },
  { file: 'leading-crlf-before-start-line.sip', check: (m, t) => t.equal(m.method, 'OPTIONS') },
  { file: 'missing-content-length-on-udp.sip', check: (m, t) => t.equal(m.body, 'on UDP the body runs to the end of the datagram') },
  {
    file: 'tel-and-unknown-schemes-in-headers.sip',
    check: (m, t) => {
      t.equal(parseUri(parseNameAddr(m.get('from')!)!.uri)?.scheme, 'tel');
      t.same(m.getAll('contact').map((c) => parseUri(parseNameAddr(c)!.uri)?.scheme), ['im', 'mailto']);
      t.equal(parseUri(parseNameAddr(m.get('refer-to')!)!.uri)?.headers, 'Replaces=abc%40127.0.0.1%3Bto-tag%3D1%3Bfrom-tag%3D2');
    },
  },
  {
    file: 'register-with-quoted-parameters.sip',
    check: (m, t) => {
      const c = parseNameAddr(m.get('contact')!);
      t.equal(c?.params.get('+sip.instance'), '"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>"');
      t.equal(c?.params.get('expires'), '600');
      t.match(m.get('authorization'), /nonce="a,b;c=d"/);
      t.equal(m.get('subject'), '');
      t.equal(m.get('organization'), '', 'a value of blanks is empty');
    },
  },
  {
    file: 'tabs-as-whitespace.sip',
    check: (m, t) => {
      t.equal(topVia(m)?.port, 5096);
      t.equal(topVia(m)?.params.get('branch'), 'z9hG4bKtabs');
      t.same(m.cseq, { seq: 6, method: 'OPTIONS' });
      t.equal(parseNameAddr(m.get('from')!)?.display, 'Tab\tName');
      t.equal(m.get('subject'), 'first part second part after a tab fold', 'a tab starts a continuation line too');
      t.equal(m.get('content-length'), '0');
    },
  },
  { file: 'nul-octets-in-body.sip', check: (m, t) => t.equal(m.body, 'before\u0000\u0000after\u0001\u007f', 'the body is opaque: NUL is fine there') },
  {
    file: 'error-response-with-warnings.sip',
    check: (m, t) => {
      t.equal(m.status, 488);
      t.equal(m.reason, 'Not Acceptable Here (codec: G.729; try PCMA, PCMU)');
      t.equal(m.getAll('warning').length, 2);
    },
  },
];

void t.test('valid torture messages parse into the values an independent reading gives', async (t) => {
  t.same(validCases.map((c) => c.file).sort(), valid.map((f) => f.name), 'every valid fixture has a case');
  for (const c of validCases) {
    const f = valid.find((v) => v.name === c.file);
    if (!f) {
      t.fail(`missing fixture ${c.file}`);
      continue;
    }
    await t.test(c.file, async (t) => c.check(mustParse(parseMessage(f.bytes), c.file), t));
  }
});

/** How each §8.2 defect shows through the parsed message (what the engine's checks read). */
const defectChecks: Record<Defect, (m: SipMessage) => boolean> = {
  'missing-call-id': (m) => !m.has('call-id'),
  'missing-from': (m) => !m.has('from'),
  'missing-to': (m) => !m.has('to'),
  'missing-cseq': (m) => !m.has('cseq'),
  'bad-cseq': (m) => m.has('cseq') && m.cseq === undefined,
  'cseq-method-mismatch': (m) => m.cseq !== undefined && m.cseq.method !== m.method,
  'bad-request-uri': (m) => parseUri(m.uri ?? '') === undefined,
  'unsupported-scheme': (m) => !['sip', 'sips', 'tel'].includes(parseUri(m.uri ?? '')?.scheme ?? 'sip'),
  'bad-max-forwards': (m) => !/^\d+$/.test(m.get('max-forwards') ?? '') || Number(m.get('max-forwards')) > 255,
  'bad-from': (m) => /^"[^"]*$/.test(m.get('from') ?? ''),
  'no-via': (m) => topVia(m) === undefined,
};

void t.test('every invalid message is refused or flagged as its expectation says, without throwing', async (t) => {
  for (const f of invalid) {
    let r: ParseResult;
    try {
      r = parseMessage(f.bytes);
    } catch (err) {
      t.fail(`${f.name} threw ${String(err)}`);
      continue;
    }
    const e = f.expect;
    if (e.parse === 'accepted') {
      t.equal(r.ok, true, `${f.name} parses (the §8.2 checks refuse it)`);
      if (r.ok && e.defect) t.ok(defectChecks[e.defect](r.message), `${f.name} shows defect ${e.defect}`);
      else t.ok(e.defect, `${f.name} names its defect`);
      continue;
    }
    t.equal(r.ok, false, `${f.name} is refused`);
    if (r.ok) continue;
    if (e.reason) t.match(r.reason, e.reason, `${f.name} reason`);
    t.equal(r.status, e.udp === 505 ? 505 : undefined, `${f.name}: answered ${e.udp === 505 ? 505 : 'with 400 or not at all'}`);
    if (e.parse === 'refused-partial') {
      t.ok(r.partial, `${f.name} carries a partial message for a 400`);
      t.ok(r.partial?.isRequest && r.partial.get('via') && r.partial.get('call-id') && r.partial.cseq, `${f.name}: the partial holds what a 400 needs`);
    } else t.equal(r.partial, undefined, `${f.name} has nothing to answer with`);
  }
});

void t.test('the size limit is MAX_MESSAGE_BYTES inclusive', async (t) => {
  const head = 'MESSAGE sip:a@example.invalid SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKsz\r\nContent-Length: ';
  const build = (total: number): Buffer => {
    for (let digits = 1; digits < 7; digits++) {
      const bodyLen = total - head.length - digits - 4;
      if (String(bodyLen).length === digits) return Buffer.from(`${head}${bodyLen}\r\n\r\n${'b'.repeat(bodyLen)}`);
    }
    throw new Error('no size');
  };
  const atLimit = build(MAX_MESSAGE_BYTES);
  t.equal(atLimit.length, MAX_MESSAGE_BYTES);
  t.equal(parseMessage(atLimit).ok, true);
  const over = build(MAX_MESSAGE_BYTES + 1);
  t.match(parseMessage(over), { ok: false, reason: /too large/ });
});

void t.test('a bare-LF blank line ends the head even when the body later holds CRLFCRLF', async (t) => {
  const text = 'MESSAGE sip:a@example.invalid SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKlf\nCall-ID: lf2@127.0.0.1\n\nline one\r\n\r\nline two';
  const m = mustParse(parseMessage(text), 'lf body');
  t.equal(m.headers.length, 2);
  t.equal(m.body, 'line one\r\n\r\nline two');
});

void t.test('a whitespace-only continuation line adds nothing to the value', async (t) => {
  const m = mustParse(parseMessage('OPTIONS sip:a@example.invalid SIP/2.0\r\nSubject: hi\r\n   \r\nCall-ID: x\r\n\r\n'), 'blank fold');
  t.equal(m.get('subject'), 'hi');
});

void t.test('parse returns the head text and the body it cut', async (t) => {
  const text = '\r\nOPTIONS sip:a@example.invalid SIP/2.0\r\nl: 3\r\n\r\nabcdef';
  const r = parseMessage(Buffer.from(text));
  t.match(r, { ok: true, head: 'OPTIONS sip:a@example.invalid SIP/2.0\r\nl: 3', body: 'abc' });
});

// ---- properties ----

/** Random edits of a valid message: the inputs a fuzzer would derive from the corpus. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), byte: fc.constantFrom(0, 9, 10, 13, 32, 34, 44, 58, 59, 60, 62, 0x80, 0xc3, 0xff) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('dup-line' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function applyMutations(src: Buffer, ops: readonly Mutation[]): Buffer {
  let b = Buffer.from(src);
  for (const m of ops) {
    const at = b.length === 0 ? 0 : m.at % (b.length + 1);
    switch (m.op) {
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
        break;
      case 'set':
        if (at < b.length) b[at] = m.byte;
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'dup-line': {
        const start = b.lastIndexOf('\n', at - 1) + 1;
        const end = b.indexOf('\n', at);
        if (end > start) b = Buffer.concat([b.subarray(0, end + 1), b.subarray(start, end + 1), b.subarray(end + 1)]);
        break;
      }
    }
  }
  return b;
}

void t.test('random bytes never make parseMessage throw', async (t) => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
    parseMessage(Buffer.from(bytes));
  }), { numRuns: 3000 });
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
    parseMessage(`OPTIONS sip:a@example.invalid SIP/2.0\r\n${s}\r\n\r\n${s}`);
  }), { numRuns: 2000 });
  t.pass('no input threw');
});

void t.test('mutated valid messages never throw, and whatever parses serialises to a fixed point', async (t) => {
  let parsed = 0;
  fc.assert(fc.property(fc.constantFrom(...valid), fc.array(mutation, { minLength: 1, maxLength: 4 }), (f, ops) => {
    const input = applyMutations(f.bytes, ops);
    const r = parseMessage(input);
    if (!r.ok) return;
    parsed++;
    const s1 = serializeMessage(r.message);
    const r2 = parseMessage(s1);
    if (!r2.ok) throw new Error(`serialised form no longer parses: ${r2.reason}`);
    if (JSON.stringify(shape(r2.message)) !== JSON.stringify(shape(r.message))) throw new Error('reparse changed the message');
    if (serializeMessage(r2.message) !== s1) throw new Error('serialize is not a fixed point');
  }), { numRuns: 3000 });
  t.ok(parsed > 500, `${parsed} mutated messages still parsed`);
});

const token = fc.stringMatching(/^[A-Za-z0-9.!%*_+`'~-]{1,12}$/);
const headerName = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{1,14}$/).filter((n) => n !== 'content-length');
const headerValue = unicodeString({ maxLength: 40 })
  .map((s) => s.replace(/[\r\n\u0000\ufffd]/g, ' ').trim())
  .filter((s) => !/[\u0085\u2028\u2029]/.test(s));

void t.test('any well-formed message model serialises and parses back to itself', async (t) => {
  const request = fc.record({
    method: token, uri: fc.stringMatching(/^sip:[a-z0-9]{1,8}@[a-z0-9.]{1,12}(;[a-z]{1,5}=[a-z0-9]{1,5})?$/),
    headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 }), body: unicodeString({ maxLength: 80 }),
  }).map((r) => SipMessage.request(r.method, r.uri, r.headers.map(([name, value]) => ({ name, value })), r.body));
  const response = fc.record({
    status: fc.integer({ min: 100, max: 699 }), reason: headerValue,
    headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 }), body: unicodeString({ maxLength: 80 }),
  }).map((r) => SipMessage.response(r.status, r.reason, r.headers.map(([name, value]) => ({ name, value })), r.body));
  fc.assert(fc.property(fc.oneof(request, response), (m) => {
    const back = mustParse(parseMessage(serializeMessage(m)), 'model');
    if (JSON.stringify(shape(back)) !== JSON.stringify(shape(m))) throw new Error(`changed: ${JSON.stringify(shape(m))} -> ${JSON.stringify(shape(back))}`);
  }), { numRuns: 2000 });
  t.pass('round trip holds');
});

void t.test('SIP-Version: case-insensitive; a request of another version is kept for a 505, a response refused', async (t) => {
  const req = (line: string, extra = '') => `${line}\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKv1\r\nFrom: <sip:a@example.invalid>;tag=1\r\nTo: <sip:b@example.invalid>\r\nCall-ID: v1@127.0.0.1\r\nCSeq: 1 OPTIONS\r\n${extra}Content-Length: 0\r\n\r\n`;
  const lower = parseMessage(req('OPTIONS sip:b@example.invalid sip/2.0'));
  t.equal(lower.ok, true, 'sip/2.0 is SIP/2.0');
  const resp = parseMessage('sip/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKv1\r\nCall-ID: v1@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n');
  t.match(resp, { ok: true, message: { status: 200 } }, 'also in a response');
  for (const version of ['SIP/7.0', 'SIP/1.0', 'SIP/2.00', 'sip/3.1']) {
    const r = parseMessage(req(`OPTIONS sip:b@example.invalid ${version}`));
    t.match(r, { ok: false, status: 505, reason: `unsupported SIP version ${version}` }, `${version}: 505`);
    if (!r.ok) t.equal(r.partial?.callId, 'v1@127.0.0.1', `${version}: with what the answer needs`);
  }
  const broken = parseMessage(req('OPTIONS sip:b@example.invalid SIP/7.0', 'Bad Header: x\r\n'));
  t.match(broken, { ok: false, reason: /malformed header name/ }, 'a malformed header is a 400 before the version is looked at');
  t.equal(!broken.ok && broken.status, undefined);
  t.match(parseMessage('SIP/7.0 200 OK\r\nCall-ID: v1@127.0.0.1\r\nContent-Length: 0\r\n\r\n'), { ok: false, reason: 'bad start line', partial: undefined }, 'a response of another version is dropped');
  t.match(parseMessage(req('OPTIONS sip:b@example.invalid HTTP/1.1')), { ok: false, reason: 'bad start line', partial: undefined }, 'another protocol is dropped');
});

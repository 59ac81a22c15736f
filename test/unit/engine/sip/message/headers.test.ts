import t from 'tap';
import fc from 'fast-check';
import { canonicalHeaderName, isListHeader, normalizeHeaderName, splitHeaderList } from '../../../../../engine/sip/src/message/index.js';

void t.test('compact forms expand to their long names (RFC 3261 §7.3.3 and later RFCs)', async (t) => {
  const compact: Record<string, string> = {
    i: 'call-id', m: 'contact', e: 'content-encoding', l: 'content-length', c: 'content-type', f: 'from', s: 'subject',
    k: 'supported', t: 'to', v: 'via', o: 'event', r: 'refer-to', b: 'referred-by', u: 'allow-events', x: 'session-expires',
    a: 'accept-contact', j: 'reject-contact', d: 'request-disposition', y: 'identity', n: 'identity-info',
  };
  for (const [short, long] of Object.entries(compact)) {
    t.equal(normalizeHeaderName(short), long, short);
    t.equal(normalizeHeaderName(short.toUpperCase()), long, short.toUpperCase());
  }
  for (const letter of 'ghpqwz') t.equal(normalizeHeaderName(letter), letter, `${letter} is no compact form`);
});

void t.test('header names are matched case-insensitively and without surrounding blanks', async (t) => {
  const rows: ReadonlyArray<readonly [string, string]> = [
    ['Call-ID', 'call-id'], ['CALL-ID', 'call-id'], ['MaX-fOrWaRdS', 'max-forwards'], [' Via ', 'via'], ['Via\t', 'via'],
    ['X-Custom-Header', 'x-custom-header'], ['C%6Fntact', 'c%6fntact'],
  ];
  for (const [raw, n] of rows) t.equal(normalizeHeaderName(raw), n, JSON.stringify(raw));
});

void t.test('canonical names follow RFC 3261 spelling, others are title-cased per dash', async (t) => {
  const rows: ReadonlyArray<readonly [string, string]> = [
    ['call-id', 'Call-ID'], ['cseq', 'CSeq'], ['www-authenticate', 'WWW-Authenticate'], ['mime-version', 'MIME-Version'],
    ['p-asserted-identity', 'P-Asserted-Identity'], ['rseq', 'RSeq'], ['rack', 'RAck'], ['min-se', 'Min-SE'], ['sip-etag', 'SIP-ETag'],
    ['via', 'Via'], ['max-forwards', 'Max-Forwards'], ['proxy-authorization', 'Proxy-Authorization'], ['x-foo-bar', 'X-Foo-Bar'],
    ['x--odd', 'X--Odd'], ['content-length', 'Content-Length'],
  ];
  for (const [lname, canon] of rows) t.equal(canonicalHeaderName(lname), canon, lname);
});

void t.test('canonical spelling normalises back to the same name for any token', async (t) => {
  fc.assert(fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9.!%*_+`'~-]{1,20}$/), (n) => normalizeHeaderName(canonicalHeaderName(n)) === n), { numRuns: 2000 });
  t.pass('holds');
});

void t.test('only headers defined with #-lists are list headers (RFC 3261 §7.3.1)', async (t) => {
  for (const n of ['via', 'route', 'record-route', 'contact', 'allow', 'supported', 'require', 'proxy-require', 'accept', 'path']) t.ok(isListHeader(n), n);
  for (const n of ['from', 'to', 'call-id', 'cseq', 'subject', 'user-agent', 'date', 'content-type', 'www-authenticate', 'authorization']) t.notOk(isListHeader(n), n);
});

void t.test('splitHeaderList splits at top-level commas only', async (t) => {
  const rows: ReadonlyArray<readonly [string, string[]]> = [
    ['a', ['a']],
    ['  a  ', ['a']],
    ['a, b,c ,  d', ['a', 'b', 'c', 'd']],
    ['a,,b,', ['a', 'b']],
    ['"Doe, Jane" <sip:j@example.invalid>, <sip:k@example.invalid>', ['"Doe, Jane" <sip:j@example.invalid>', '<sip:k@example.invalid>']],
    ['<sip:p1.example.invalid;lr>, <sip:p2.example.invalid;lr;foo="a,b">', ['<sip:p1.example.invalid;lr>', '<sip:p2.example.invalid;lr;foo="a,b">']],
    ['<sip:a@example.invalid?h=x,y>, <sip:b@example.invalid>', ['<sip:a@example.invalid?h=x,y>', '<sip:b@example.invalid>']],
    ['"say \\"hi, there\\"" <sip:a@example.invalid>, b', ['"say \\"hi, there\\"" <sip:a@example.invalid>', 'b']],
    ['SIP/2.0/UDP a.example.invalid;branch=z9hG4bK1, SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK2', ['SIP/2.0/UDP a.example.invalid;branch=z9hG4bK1', 'SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK2']],
    ['"unterminated, quote', ['"unterminated, quote']],
  ];
  for (const [value, parts] of rows) t.same(splitHeaderList(value), parts, value);
});

void t.test('joining split values with commas and splitting again is stable', async (t) => {
  const part = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9;=.@:-]{1,12}$/),
    fc.stringMatching(/^"[A-Za-z ,<>;]{0,10}" <sip:[a-z]{1,5}@example\.invalid>$/),
    fc.stringMatching(/^<sip:[a-z]{1,5}@example\.invalid;x="[a-z,]{0,6}">$/),
  );
  fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 6 }), (parts) => {
    const split = splitHeaderList(parts.join(' , '));
    if (JSON.stringify(split) !== JSON.stringify(parts)) throw new Error(`${JSON.stringify(parts)} -> ${JSON.stringify(split)}`);
  }), { numRuns: 2000 });
  t.pass('holds');
});

import t from 'tap';
import fc from 'fast-check';
import { formatUri, parseUri, uriPort, uriTransport, type SipUri } from '../../../../../engine/sip/src/message/index.js';

type Expected = Partial<Omit<SipUri, 'params'>> & { params?: Record<string, string | null> };

const cases: ReadonlyArray<readonly [string, Expected]> = [
  ['sip:example.invalid', { scheme: 'sip', user: undefined, password: undefined, host: 'example.invalid', port: undefined, params: {}, headers: undefined }],
  ['sip:alice@127.0.0.1:5070', { user: 'alice', host: '127.0.0.1', port: 5070 }],
  ['SIP:Alice@Example.Invalid', { scheme: 'sip', user: 'Alice', host: 'Example.Invalid' }],
  ['sips:bob:secret@example.invalid', { scheme: 'sips', user: 'bob', password: 'secret' }],
  ['sip:bob@example.invalid;transport=TCP;lr;Maddr=127.0.0.1', { params: { transport: 'TCP', lr: null, maddr: '127.0.0.1' } }],
  ['sip:bob@example.invalid;;lr', { params: { lr: null } }],
  ['sip:bob@example.invalid;foo=', { params: { foo: '' } }],
  ['sip:bob@example.invalid?subject=project%20x&priority=urgent', { host: 'example.invalid', headers: 'subject=project%20x&priority=urgent' }],
  ['sip:bob@example.invalid;lr?Replaces=abc', { params: { lr: null }, headers: 'Replaces=abc' }],
  ['sip:queue@example.invalid?Replaces=abc@127.0.0.1', { user: 'queue', host: 'example.invalid', headers: 'Replaces=abc@127.0.0.1' }],
  ['sip:example.invalid?Replaces=abc@127.0.0.1', { user: undefined, host: 'example.invalid', headers: 'Replaces=abc@127.0.0.1' }],
  ['sip:user;par=u%40example.invalid@example.invalid', { user: 'user;par=u%40example.invalid', host: 'example.invalid', params: {} }],
  ['sip:a~(b)!c?d,e/f@example.invalid;p=1', { user: 'a~(b)!c?d,e/f', host: 'example.invalid', params: { p: '1' }, headers: undefined }],
  ['sip:%61lice@example.invalid', { user: '%61lice' }],
  ['sip:alice@[::1]:5080', { host: '[::1]', port: 5080 }],
  ['sip:alice@[::1]', { host: '[::1]', port: undefined }],
  ['sip:alice@127.0.0.1:65535', { port: 65535 }],
  ['  sip:alice@127.0.0.1  ', { user: 'alice', host: '127.0.0.1' }],
  ['tel:+49-30-1234567;phone-context=+49', { scheme: 'tel', user: '+49-30-1234567', host: '', params: { 'phone-context': '+49' } }],
  ['urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6', { scheme: 'urn', user: undefined, host: 'uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6' }],
  ['nobodyKnowsThisScheme:totallyopaquecontent', { scheme: 'nobodyknowsthisscheme', host: 'totallyopaquecontent' }],
];

const refused: readonly string[] = [
  '', 'sip', ':alice@example.invalid', '1sip:alice@example.invalid', 'si p:alice@example.invalid', 'sip:', 'sip:alice@',
  'sip:alice@127.0.0.1:0', 'sip:alice@127.0.0.1:65536', 'sip:alice@127.0.0.1:', 'sip:alice@127.0.0.1:50a',
  'sip:alice@[::1', 'sip:alice@[::1]x', 'sip:alice@exa mple.invalid', '<sip:alice@example.invalid>', 'tel:', 'tel:;foo=1',
];

void t.test('URIs parse into scheme, userinfo, host, port, params and headers', async (t) => {
  for (const [text, want] of cases) {
    const u = parseUri(text);
    if (!u) {
      t.fail(`${text} did not parse`);
      continue;
    }
    const { params, ...rest } = want;
    t.match(u, rest, text);
    if (params) t.same(Object.fromEntries(u.params), params, `${text} params`);
  }
});

void t.test('URIs that cannot be routed are refused', async (t) => {
  for (const text of refused) t.equal(parseUri(text), undefined, JSON.stringify(text));
});

void t.test('transport and default port follow the scheme and the transport parameter', async (t) => {
  const rows: ReadonlyArray<readonly [string, string, number]> = [
    ['sip:a@example.invalid', 'udp', 5060],
    ['sip:a@example.invalid;transport=TCP', 'tcp', 5060],
    ['sip:a@example.invalid;transport=tls', 'tls', 5061],
    ['sips:a@example.invalid', 'tls', 5061],
    ['sips:a@example.invalid:5070', 'tls', 5070],
    ['sip:a@example.invalid:5999;transport=ws', 'ws', 5999],
  ];
  for (const [text, transport, port] of rows) {
    const u = parseUri(text)!;
    t.equal(uriTransport(u), transport, `${text} transport`);
    t.equal(uriPort(u), port, `${text} port`);
  }
});

void t.test('formatUri writes canonical URIs back as they were', async (t) => {
  for (const text of [
    'sip:example.invalid', 'sip:alice@127.0.0.1:5070', 'sips:bob:secret@example.invalid;transport=tcp;lr', 'sip:alice@[::1]:5080;maddr=127.0.0.1?x=y',
    'tel:+4930123456;phone-context=+49', 'sip:user;par=u%40example.invalid@example.invalid',
  ]) t.equal(formatUri(parseUri(text)!), text);
});

/**
 * A user holding '?' is ambiguous with a host followed by sloppy headers holding an unescaped '@'
 * (`sip:host?Replaces=a@b`, sent by some phones); parseUri reads the latter when the text before
 * the '?' can be a host, so such users are left out of the round trip.
 */
function userNotHostLike(user: string): boolean {
  const q = user.indexOf('?');
  return q < 0 || !/^[A-Za-z0-9.\-_[\]:]+$/.test(user.slice(0, q).split(';')[0]!);
}

void t.test('parseUri inverts formatUri for any well-formed sip URI', async (t) => {
  const param = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/), fc.option(fc.stringMatching(/^[A-Za-z0-9.-]{0,8}$/), { nil: null }));
  const uri = fc.record({
    scheme: fc.constantFrom('sip', 'sips'),
    user: fc.option(fc.stringMatching(/^[A-Za-z0-9_.!~*'()&=+$,;?/-]{1,12}$/).filter(userNotHostLike), { nil: undefined }),
    password: fc.option(fc.stringMatching(/^[A-Za-z0-9&=+$,]{0,8}$/), { nil: undefined }),
    host: fc.oneof(fc.constant('127.0.0.1'), fc.constant('[::1]'), fc.stringMatching(/^[a-z0-9-]{1,10}\.example\.invalid$/)),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    params: fc.uniqueArray(param, { selector: (p) => p[0], maxLength: 4 }).map((ps) => new Map(ps)),
    headers: fc.option(fc.stringMatching(/^[a-z]{1,5}=[a-z0-9]{1,5}$/), { nil: undefined }),
  }).map((u): SipUri => ({ ...u, password: u.user === undefined ? undefined : u.password, user: u.user }));
  fc.assert(fc.property(uri, (u) => {
    const back = parseUri(formatUri(u));
    if (!back) throw new Error(`did not parse: ${formatUri(u)}`);
    if (JSON.stringify({ ...back, params: [...back.params] }) !== JSON.stringify({ ...u, params: [...u.params] })) {
      throw new Error(`${formatUri(u)} parsed to ${JSON.stringify({ ...back, params: [...back.params] })}`);
    }
  }), { numRuns: 2000 });
  t.pass('round trip holds');
});

void t.test('parseUri never throws on arbitrary text', async (t) => {
  fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => {
    parseUri(s);
    parseUri(`sip:${s}`);
  }), { numRuns: 3000 });
  t.pass('no throw');
});

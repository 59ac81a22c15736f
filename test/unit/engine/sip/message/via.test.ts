import t from 'tap';
import fc from 'fast-check';
import { MAGIC_COOKIE, branchOf, formatVia, parseVia, type Via } from '../../../../../engine/sip/src/message/index.js';

type Want = Partial<Omit<Via, 'params'>> & { params?: Record<string, string | null> };

const cases: ReadonlyArray<readonly [string, Want]> = [
  ['SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK776asdhds', { protocol: 'SIP/2.0', transport: 'UDP', host: '127.0.0.1', port: 5060, params: { branch: 'z9hG4bK776asdhds' } }],
  ['SIP/2.0/TCP pc33.example.invalid;branch=z9hG4bKa;rport', { transport: 'TCP', host: 'pc33.example.invalid', port: undefined, params: { branch: 'z9hG4bKa', rport: null } }],
  ['sip/2.0/udp 127.0.0.1', { protocol: 'SIP/2.0', transport: 'UDP', host: '127.0.0.1', params: {} }],
  ['SIP  /   2.0 /UDP 127.0.0.1;rport;branch=390skdjuw', { protocol: 'SIP/2.0', transport: 'UDP', host: '127.0.0.1', params: { rport: null, branch: '390skdjuw' } }],
  ['SIP  / 2.0  / TCP     spindle.example.invalid   ; branch  =   z9hG4bK9ikj8', { transport: 'TCP', host: 'spindle.example.invalid', params: { branch: 'z9hG4bK9ikj8' } }],
  ['SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKx;received=127.0.0.1;rport=5062', { transport: 'WSS', params: { branch: 'z9hG4bKx', received: '127.0.0.1', rport: '5062' } }],
  ['SIP/2.0/UDP [::1]:5070;branch=z9hG4bK6', { host: '[::1]', port: 5070 }],
  ['SIP/2.0/UDP [::1];branch=z9hG4bK7', { host: '[::1]', port: undefined }],
  ['SIP/2.0/UNKNOWN t4.example.invalid;branch=z9hG4bKasd0f3en', { transport: 'UNKNOWN', host: 't4.example.invalid' }],
  ['SIP/2.0/UDP 127.0.0.1:65535', { port: 65535 }],
  ['SIP/2.0/UDP 127.0.0.1;Branch=z9hG4bKCase', { params: { branch: 'z9hG4bKCase' } }],
];

const refused: readonly string[] = [
  '', 'SIP/2.0/UDP', 'this is not a via', 'SIP/2.0 127.0.0.1', 'SIP/2.0/UDP 127.0.0.1:0', 'SIP/2.0/UDP 127.0.0.1:65536',
  'SIP/2.0/UDP 127.0.0.1:', 'SIP/2.0/UDP 127.0.0.1:abc', 'SIP/2.0/UDP 127.0.0.1 junk', 'SIP/2.0/UDP [::1', 'SIP/2.0/UDP [::1]junk',
  'SIP/2.0/UDP :5060',
];

void t.test('Via values parse into protocol, transport, sent-by and params', async (t) => {
  for (const [text, want] of cases) {
    const v = parseVia(text);
    if (!v) {
      t.fail(`${text} did not parse`);
      continue;
    }
    const { params, ...rest } = want;
    t.match(v, rest, text);
    if (params) t.same(Object.fromEntries(v.params), params, `${text} params`);
  }
});

void t.test('malformed Via values are refused', async (t) => {
  for (const text of refused) t.equal(parseVia(text), undefined, JSON.stringify(text));
});

void t.test('branchOf returns the branch, and RFC 3261 branches start with the magic cookie', async (t) => {
  t.equal(MAGIC_COOKIE, 'z9hG4bK');
  t.equal(branchOf(parseVia('SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1')!), 'z9hG4bK1');
  t.equal(branchOf(parseVia('SIP/2.0/UDP 127.0.0.1;branch')!), undefined);
  t.equal(branchOf(parseVia('SIP/2.0/UDP 127.0.0.1')!), undefined);
});

void t.test('parseVia inverts formatVia', async (t) => {
  const via = fc.record({
    protocol: fc.constant('SIP/2.0'),
    transport: fc.constantFrom('UDP', 'TCP', 'TLS', 'WS', 'WSS', 'SCTP'),
    host: fc.oneof(fc.constant('127.0.0.1'), fc.constant('[::1]'), fc.stringMatching(/^[a-z0-9-]{1,10}\.example\.invalid$/)),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    params: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), fc.option(fc.stringMatching(/^[A-Za-z0-9.!%*_+`'~-]{1,10}$/), { nil: null })), { selector: (p) => p[0], maxLength: 4 })
      .map((ps) => new Map(ps)),
  });
  fc.assert(fc.property(via, (v) => {
    const back = parseVia(formatVia(v));
    if (!back || JSON.stringify({ ...back, params: [...back.params] }) !== JSON.stringify({ ...v, params: [...v.params] })) {
      throw new Error(`${formatVia(v)} -> ${JSON.stringify(back && { ...back, params: [...back.params] })}`);
    }
  }), { numRuns: 2000 });
  t.pass('round trip holds');
});

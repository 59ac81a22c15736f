import t from 'tap';
import fc from 'fast-check';
import { unicodeString } from '../arbitraries.js';
import { formatNameAddr, parseNameAddr, tagOf, uriOf, type NameAddr } from '../../../../../engine/sip/src/message/index.js';

type Want = { display?: string | undefined; uri: string; bracketed: boolean; params?: Record<string, string | null> };

const cases: ReadonlyArray<readonly [string, Want]> = [
  ['"Alice" <sip:alice@example.invalid>;tag=1928301774', { display: 'Alice', uri: 'sip:alice@example.invalid', bracketed: true, params: { tag: '1928301774' } }],
  ['Alice Liddell <sip:alice@example.invalid>', { display: 'Alice Liddell', uri: 'sip:alice@example.invalid', bracketed: true, params: {} }],
  ['caller<sip:caller@example.invalid>;tag=323', { display: 'caller', uri: 'sip:caller@example.invalid', bracketed: true, params: { tag: '323' } }],
  ['<sip:alice@example.invalid>', { display: undefined, uri: 'sip:alice@example.invalid', bracketed: true }],
  ['< sip:t.watson@example.invalid >', { display: undefined, uri: 'sip:t.watson@example.invalid', bracketed: true }],
  ['sip:alice@example.invalid;tag=xyz', { display: undefined, uri: 'sip:alice@example.invalid', bracketed: false, params: { tag: 'xyz' } }],
  ['sip:alice@example.invalid', { display: undefined, uri: 'sip:alice@example.invalid', bracketed: false, params: {} }],
  ['<sip:alice@example.invalid;transport=tcp>;expires=60', { uri: 'sip:alice@example.invalid;transport=tcp', bracketed: true, params: { expires: '60' } }],
  ['"Doe, Jane \\"JD\\"" <sip:jane@example.invalid>', { display: 'Doe, Jane "JD"', uri: 'sip:jane@example.invalid', bracketed: true }],
  ['"a <b> c" <sip:x@example.invalid>', { display: 'a <b> c', uri: 'sip:x@example.invalid', bracketed: true }],
  ['"back\\\\slash" <sip:x@example.invalid>', { display: 'back\\slash', uri: 'sip:x@example.invalid', bracketed: true }],
  ['"Jürgen Weiß 🙂" <sip:j@example.invalid>', { display: 'Jürgen Weiß 🙂', uri: 'sip:j@example.invalid', bracketed: true }],
  ['<sip:a@example.invalid>;foo="x;y";tag=t1', { uri: 'sip:a@example.invalid', bracketed: true, params: { foo: '"x;y"', tag: 't1' } }],
  ['<sip:a@example.invalid> ; newparam = newvalue ; secondparam ; q = 0.33', { uri: 'sip:a@example.invalid', bracketed: true, params: { newparam: 'newvalue', secondparam: null, q: '0.33' } }],
  ['"" <sip:a@example.invalid>', { display: undefined, uri: 'sip:a@example.invalid', bracketed: true }],
  ['*', { display: undefined, uri: '*', bracketed: false, params: {} }],
  ['<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>', { uri: 'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6', bracketed: true }],
];

const refused: readonly string[] = ['', '   ', '<>', '<sip:a@example.invalid', '"unterminated <sip:a@example.invalid>', 'sip:a b@example.invalid'];

void t.test('name-addr and addr-spec values parse into display name, URI and header params', async (t) => {
  for (const [text, want] of cases) {
    const na = parseNameAddr(text);
    if (!na) {
      t.fail(`${text} did not parse`);
      continue;
    }
    t.equal(na.display, want.display, `${text} display`);
    t.equal(na.uri, want.uri, `${text} uri`);
    t.equal(na.bracketed, want.bracketed, `${text} bracketed`);
    if (want.params) t.same(Object.fromEntries(na.params), want.params, `${text} params`);
  }
});

void t.test('values without a usable URI are refused', async (t) => {
  for (const text of refused) t.equal(parseNameAddr(text), undefined, JSON.stringify(text));
});

void t.test('tagOf reads the header tag, never a URI parameter named tag', async (t) => {
  const rows: ReadonlyArray<readonly [string | undefined, string | undefined]> = [
    ['<sip:a@example.invalid>;tag=abc', 'abc'],
    ['<sip:a@example.invalid>;TAG = abc ;x=1', 'abc'],
    ['sip:a@example.invalid;tag=nobrackets', 'nobrackets'],
    ['<sip:a@example.invalid;tag=uri-param>', undefined],
    ['<sip:a@example.invalid;tag=uri-param>;tag=header', 'header'],
    ['"Name>" <sip:a@example.invalid>;tag=q1', 'q1'],
    ['<sip:a@example.invalid>;xtag=no', undefined],
    ['<sip:a@example.invalid>', undefined],
    [undefined, undefined],
    ['', undefined],
  ];
  for (const [value, tag] of rows) t.equal(tagOf(value), tag, String(value));
});

void t.test('uriOf strips display name, brackets and header params', async (t) => {
  t.equal(uriOf('"A" <sip:a@example.invalid;lr>;tag=1'), 'sip:a@example.invalid;lr');
  t.equal(uriOf('sip:a@example.invalid;tag=1'), 'sip:a@example.invalid');
  t.equal(uriOf(undefined), undefined);
  t.equal(uriOf('<>'), undefined);
});

void t.test('formatNameAddr quotes the display name and always brackets the URI', async (t) => {
  const na = parseNameAddr('sip:a@example.invalid;tag=x')!;
  t.equal(formatNameAddr(na), '<sip:a@example.invalid>;tag=x');
  t.equal(formatNameAddr({ display: 'Doe, "J" \\ x', uri: 'sip:j@example.invalid', params: new Map([['tag', '1'], ['lr', null]]), bracketed: true }),
    '"Doe, \\"J\\" \\\\ x" <sip:j@example.invalid>;tag=1;lr');
});

void t.test('parseNameAddr inverts formatNameAddr for any display name and params', async (t) => {
  const display = fc.option(unicodeString({ minLength: 1, maxLength: 20 }).map((s) => s.replace(/[\r\n\u0085\u2028\u2029]/g, ' ').trim()).filter((s) => s.length > 0), { nil: undefined });
  const params = fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), fc.option(fc.stringMatching(/^[A-Za-z0-9.!~*'-]{1,8}$/), { nil: null })), { selector: (p) => p[0], maxLength: 4 });
  const uri = fc.stringMatching(/^sip:[a-z0-9]{1,6}@[a-z0-9]{1,6}\.example\.invalid(;[a-z]{1,4}(=[a-z0-9]{1,4})?)?$/);
  fc.assert(fc.property(display, uri, params, (d, u, p) => {
    const na: NameAddr = { display: d, uri: u, params: new Map(p), bracketed: true };
    const back = parseNameAddr(formatNameAddr(na));
    if (!back || back.display !== d || back.uri !== u || JSON.stringify([...back.params]) !== JSON.stringify(p)) {
      throw new Error(`${formatNameAddr(na)} -> ${JSON.stringify(back && { ...back, params: [...back.params] })}`);
    }
  }), { numRuns: 2000 });
  t.pass('round trip holds');
});

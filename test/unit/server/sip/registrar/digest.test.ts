import t from 'tap';
import { challenges, expectedResponse, ha1Of, NonceKeeper, parseDigest, sameHex } from '../../../../../server/src/sip/registrar/digest.js';

// RFC 7616 §3.9.1 example (HTTP, same computation as SIP digest with qop=auth).
const RFC7616 = {
  username: 'Mufasa', realm: 'http-auth@example.org', password: 'Circle of Life', method: 'GET', uri: '/dir/index.html',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ', nc: '00000001',
};

void t.test('digest responses match the RFC 7616 examples for MD5 and SHA-256', async (t) => {
  for (const [algorithm, expected] of [['MD5', '8ca523f5e9506fed4657c9700eebdbec'], ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1']] as const) {
    const header = `Digest username="${RFC7616.username}", realm="${RFC7616.realm}", uri="${RFC7616.uri}", algorithm=${algorithm}, nonce="${RFC7616.nonce}", nc=${RFC7616.nc}, cnonce="${RFC7616.cnonce}", qop=auth, response="${expected}", opaque="x"`;
    const c = parseDigest(header)!;
    t.equal(c.algorithm, algorithm);
    const ha1 = ha1Of(algorithm, RFC7616.username, RFC7616.realm, RFC7616.password);
    t.equal(expectedResponse(c, RFC7616.method, ha1), expected, `${algorithm} response`);
  }
});

void t.test('digest without qop (RFC 2069 style, what SIPp sends) is computed as H(HA1:nonce:HA2)', async (t) => {
  const c = parseDigest('Digest username="alice",realm="conformance.test",uri="sip:127.0.0.1:5060",nonce="0123456789abcdef0123456789abcdef",response="x",algorithm=MD5')!;
  const ha1 = ha1Of('MD5', 'alice', 'conformance.test', 'secret123');
  const { createHash } = await import('node:crypto');
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  t.equal(expectedResponse(c, 'REGISTER', ha1), md5(`${ha1}:0123456789abcdef0123456789abcdef:${md5('REGISTER:sip:127.0.0.1:5060')}`));
});

void t.test('parseDigest refuses what is not a usable digest', async (t) => {
  for (const bad of [undefined, '', 'Basic abc', 'Digest realm="r"', 'Digest username="a",realm="r",nonce="n",uri="u",response="x",algorithm=SHA-512-256']) {
    t.equal(parseDigest(bad), undefined, String(bad));
  }
  t.match(parseDigest('digest USERNAME="a" , Realm="r", nonce="n", uri="sip:x", response="00"'), { username: 'a', realm: 'r', algorithm: 'MD5' }, 'case-insensitive names, MD5 default');
});

void t.test('nonces are accepted while fresh, stale after their lifetime, invalid when forged or for another realm', async (t) => {
  const k = new NonceKeeper('secret', 300_000);
  const n = k.issue('realm', 1_000_000);
  t.equal(k.check('realm', n, 1_000_000 + 1000), 'ok');
  t.equal(k.check('realm', n, 1_000_000 + 300_001), 'stale');
  t.equal(k.check('other', n, 1_000_000 + 1000), 'invalid');
  t.equal(k.check('realm', n.slice(0, -1) + (n.endsWith('0') ? '1' : '0'), 1_000_000 + 1000), 'invalid');
  t.equal(k.check('realm', 'garbage', 1_000_000), 'invalid');
  t.equal(new NonceKeeper('other-secret').check('realm', n, 1_000_000 + 1000), 'invalid', 'another server secret');
  t.equal(k.check('realm', k.issue('realm', 5_000_000), 1_000_000), 'invalid', 'a nonce from the future');
});

void t.test('challenges list one header value per algorithm in the given order', async (t) => {
  t.same(challenges('r', 'n', ['SHA-256', 'MD5'], false), [
    'Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"',
    'Digest realm="r", nonce="n", algorithm=MD5, qop="auth"',
  ]);
  t.match(challenges('r', 'n', ['MD5'], true)[0], /stale=true/);
  t.ok(sameHex('ABCDEF', 'abcdef'));
  t.notOk(sameHex('abc', 'abcd'));
});

/** Golden transcript register-digest: 401 challenge with a fixed nonce, digest retry, 200 with Contact;expires and Expires. */
import { createHash } from 'node:crypto';
import { runContract } from '../drachtio-contract.js';
import { app, startEmbedded } from '../lib/app.js';

const REALM = 'conformance.test';
const NONCE = '0123456789abcdef0123456789abcdef';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** RFC 2617 digest without qop, as SIPp computes it for `[authentication username=alice password=secret123]`. */
function digestOk(authorization: string, method: string): boolean {
  const p = Object.fromEntries([...authorization.matchAll(/(\w+)="?([^",]*)"?/g)].map((m) => [m[1], m[2]]));
  const ha1 = md5(`alice:${REALM}:secret123`);
  const ha2 = md5(`${method}:${p.uri ?? ''}`);
  return p.username === 'alice' && p.nonce === NONCE && p.response === md5(`${ha1}:${NONCE}:${ha2}`);
}

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'register-digest',
    title: 'a REGISTER is challenged with 401 and the authenticated retry is answered 200 with the binding',
    async run(ctx) {
      const srf = app(ctx.srf());
      let verified = false;
      srf.register((req, res) => {
        const auth = req.get('Authorization');
        if (!auth) {
          res.send(401, { headers: { 'WWW-Authenticate': `Digest realm="${REALM}", nonce="${NONCE}", algorithm=MD5` } });
          return;
        }
        verified = digestOk(auth, req.method);
        if (!verified) return res.send(403);
        res.send(200, { headers: { Contact: `${req.get('Contact')};expires=3600`, Expires: '3600' } });
      });
      await ctx.connect(srf);
      await ctx.caller('caller-register.xml');
      await ctx.sippDone();
      ctx.t.ok(verified, 'the digest SIPp computed verifies against the challenge');
    },
  }],
});

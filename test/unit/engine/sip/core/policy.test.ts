import t from 'tap';
import fc from 'fast-check';
import { replaceLocalhost } from '../../../../../engine/sip/src/core/policy.js';

const HP = '127.0.0.1:5060';

void t.test('localhost in a user part\'s host is replaced by our host:port (drachtio reference §5.1)', async (t) => {
  t.equal(replaceLocalhost('<sip:alice@localhost>;tag=1', HP), `<sip:alice@${HP}>;tag=1`);
  t.equal(replaceLocalhost('sip:alice@LocalHost;transport=udp', HP), `sip:alice@${HP};transport=udp`);
  t.equal(replaceLocalhost('"A" <sip:a@localhost:5080>', HP), `"A" <sip:a@${HP}:5080>`, 'followed by a port: the host alone is replaced');
  t.equal(replaceLocalhost('sip:a@localhost', HP), `sip:a@${HP}`, 'at the end of the value');
  t.equal(replaceLocalhost('<sip:a@localhost.example.org>', HP), '<sip:a@localhost.example.org>', 'a longer host name stays');
  t.equal(replaceLocalhost('<sip:localhost>', HP), '<sip:localhost>', 'a bare host only where asked for');
  t.equal(replaceLocalhost('<sip:localhost>', HP, true), `<sip:${HP}>`);
  t.equal(replaceLocalhost('<sips:LOCALHOST;lr>', HP, true), `<sips:${HP};lr>`);
  t.equal(replaceLocalhost('"localhost fan" <sip:1001@10.0.0.1>', HP, true), '"localhost fan" <sip:1001@10.0.0.1>', 'a display name is no host');
});

void t.test('the result is the same as the two replaces alone, for any value (the quick check only skips work)', async (t) => {
  const full = (v: string, any: boolean) => {
    let r = v.replace(/@localhost(?=[;>:?\s]|$)/gi, `@${HP}`);
    if (any) r = r.replace(/(sips?:)localhost(?=[;>:?\s]|$)/gi, `$1${HP}`);
    return r;
  };
  const piece = fc.constantFrom('@', 'sip:', 'sips:', 'localhost', 'LOCALhost', 'localhos', 'host', ';', '>', ':', ' ', '<', 'a', '.', '1');
  fc.assert(fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), fc.boolean(), (v, any) => replaceLocalhost(v, HP, any) === full(v, any)), { numRuns: 5000 });
  t.pass('5000 generated values agree');
});

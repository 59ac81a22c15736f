import t from 'tap';
import { aclAllows } from '../../../../../engine/media/src/esl/acl.js';

void t.test('the loopback ACL admits loopback peers only', async (t) => {
  const acl = ['127.0.0.1/32', '::1'];
  const table: Array<[string, boolean]> = [
    ['127.0.0.1', true], ['::ffff:127.0.0.1', true], ['::1', true], ['127.0.0.2', false], ['10.0.0.1', false], ['fe80::1', false],
  ];
  for (const [peer, allowed] of table) t.equal(aclAllows(peer, acl), allowed, peer);
});

void t.test('CIDR prefixes are honoured', async (t) => {
  t.equal(aclAllows('10.20.30.40', ['10.0.0.0/8']), true);
  t.equal(aclAllows('11.0.0.1', ['10.0.0.0/8']), false);
  t.equal(aclAllows('192.168.1.130', ['192.168.1.128/25']), true);
  t.equal(aclAllows('192.168.1.127', ['192.168.1.128/25']), false);
  t.equal(aclAllows('8.8.8.8', ['0.0.0.0/0']), true);
  t.equal(aclAllows('1.2.3.4', ['garbage', '1.2.3.4/40']), false);
});

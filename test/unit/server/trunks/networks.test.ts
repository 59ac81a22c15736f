import t from 'tap';
import { inNetworks, parseNetworks } from '../../../../server/src/trunks/networks.js';

void t.test('office networks: CIDR ranges of both families, host routes, IPv4-mapped peers', async (t) => {
  const n = parseNetworks('10.0.0.0/8, 192.168.10.0/24,2001:db8:1::/48, 198.51.100.7');
  t.same(n.invalid, []);
  const cases: [string, boolean][] = [
    ['10.1.2.3', true], ['11.0.0.1', false], ['192.168.10.200', true], ['192.168.11.1', false],
    ['2001:db8:1:ffff::1', true], ['2001:db8:2::1', false], ['198.51.100.7', true], ['198.51.100.8', false],
    ['::ffff:10.9.9.9', true], ['[2001:db8:1::5]', true], ['not-an-address', false],
  ];
  for (const [address, inside] of cases) t.equal(inNetworks(address, n), inside, address);
});

void t.test('entries that are no network are reported and ignored', async (t) => {
  const n = parseNetworks('10.0.0.0/33, office, 172.16.0.0/12, fe80::/200, ');
  t.same(n.invalid, ['10.0.0.0/33', 'office', 'fe80::/200']);
  t.ok(inNetworks('172.20.0.1', n));
});

void t.test('the default list counts private and loopback addresses as office', async (t) => {
  const n = parseNetworks('10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,127.0.0.0/8,fc00::/7,::1/128');
  for (const a of ['127.0.0.1', '192.168.1.20', '::1', 'fd12::1']) t.ok(inNetworks(a, n), a);
  for (const a of ['203.0.113.5', '2a02:8070::1']) t.notOk(inNetworks(a, n), a);
});

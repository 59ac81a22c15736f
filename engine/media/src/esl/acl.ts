/**
 * The inbound ACL (event_socket.conf `apply-inbound-acl`; the production config allows loopback
 * only). IPv4 CIDRs and exact IPv6 addresses; an IPv4-mapped IPv6 peer is checked as IPv4.
 */

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    const v = Number(part);
    if (!/^\d+$/.test(part) || v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** True when `address` is inside one of the `cidrs` (`10.0.0.0/8`, `127.0.0.1/32`, `::1`). */
export function aclAllows(address: string, cidrs: readonly string[]): boolean {
  const peer = address.startsWith('::ffff:') ? address.slice(7) : address;
  const peer4 = ipv4ToInt(peer);
  for (const cidr of cidrs) {
    const [net = '', bitsText] = cidr.split('/');
    const net4 = ipv4ToInt(net);
    if (net4 !== undefined && peer4 !== undefined) {
      const bits = bitsText === undefined ? 32 : Number(bitsText);
      if (!(bits >= 0 && bits <= 32)) continue;
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      if (((net4 & mask) >>> 0) === ((peer4 & mask) >>> 0)) return true;
    } else if (net4 === undefined && peer4 === undefined && net.toLowerCase() === peer.toLowerCase()) {
      return true;
    }
  }
  return false;
}

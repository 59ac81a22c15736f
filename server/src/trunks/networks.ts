// Whether a device sits in the office or at home, from the address its request came from
// (ZENTRALE_OFFICE_NETWORKS). Only emergency calls treat the two differently: a home-office
// device leaves at the PBX's location, so it presents the emergency callback number
// (caller-id.md §3.3, [MS-SC]). No I/O: node's BlockList only compares addresses.
import { BlockList, isIP } from 'node:net';

/** A parsed network list. */
export interface Networks {
  readonly list: BlockList;
  /** entries that are no address or CIDR range */
  readonly invalid: readonly string[];
}

// `::ffff:a.b.c.d` is an IPv4 peer on a dual-stack socket: compare it as IPv4.
function plain(address: string): string {
  const a = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? (mapped[1] ?? a) : a;
}

/** Parses `10.0.0.0/8, fc00::/7`; a bare address is a host route. */
export function parseNetworks(spec: string): Networks {
  const list = new BlockList();
  const invalid: string[] = [];
  for (const entry of spec.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const [addr, len] = entry.split('/') as [string, string | undefined];
    const a = plain(addr);
    const family = isIP(a);
    const max = family === 4 ? 32 : 128;
    const prefix = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
    if (family === 0 || !(prefix >= 0 && prefix <= max)) invalid.push(entry);
    else list.addSubnet(a, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return { list, invalid };
}

/** True when `address` lies in one of the networks. */
export function inNetworks(address: string, networks: Networks): boolean {
  const a = plain(address);
  const family = isIP(a);
  if (family === 0) return false;
  return networks.list.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

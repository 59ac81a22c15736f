/**
 * Digest credentials as HA1 (RFC 2617 §3.2.2.2, RFC 8760 §3): H(username ":" realm ":" password).
 * Hashing is computation, not I/O, so it stays in this pure folder.
 */
import { createHash } from 'node:crypto';

/** HA1 with MD5 and SHA-256 for one username, realm and password. */
export function computeHa1(username: string, realm: string, password: string): { md5: string; sha256: string } {
  const a1 = `${username}:${realm}:${password}`;
  return {
    md5: createHash('md5').update(a1, 'utf8').digest('hex'),
    sha256: createHash('sha256').update(a1, 'utf8').digest('hex'),
  };
}

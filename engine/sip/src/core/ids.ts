/** Random identifiers: tags, branches, Call-IDs and drachtio transaction ids. */
import { randomBytes, randomUUID } from 'node:crypto';
import { MAGIC_COOKIE } from '../message/index.js';

let pool = randomBytes(4096);
let offset = 0;

/** A random lower-case hex token of 2*bytes characters (unguessable: tags and branches guard dialogs). */
export function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  const s = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return s;
}

/** A new From/To tag. */
export function newTag(): string {
  return randomHex(5);
}

/** A new RFC 3261 branch (magic cookie prefix). */
export function newBranch(): string {
  return MAGIC_COOKIE + randomHex(8);
}

/** A new Call-ID. */
export function newCallId(): string {
  return randomUUID();
}

/** A new drachtio transaction id or frame id. */
export function newId(): string {
  return randomUUID();
}

/** A random initial CSeq for requests we originate (the real server starts at a random value). */
export function randomCSeq(): number {
  return (parseInt(randomHex(3), 16) % 100_000_000) + 1;
}

/**
 * Turns a golden transcript back into a plausible concrete capture by giving every placeholder a
 * fresh value (lengths recomputed from the substituted text). Only for the comparator's own
 * tests: a correct comparator must accept this capture and reject any mutation of it.
 */
import type { TraceRecord } from './records.js';
import { parseSip, splitFrame } from './sip-text.js';

const TOKEN = /\{\{([A-Z][A-Z0-9_]*?)(?:\+(\d+))?\}\}/g;

/** Replaces placeholders with values derived from `seed`; lengths are fixed up afterwards. */
export function instantiate(records: readonly TraceRecord[], seed = 1): TraceRecord[] {
  const values = new Map<string, number>();
  let next = 1000 * seed;
  const numeric = (name: string) => {
    if (!values.has(name)) values.set(name, (next += 7));
    return values.get(name) ?? 0;
  };
  const fill = (text: string) => text.replace(TOKEN, (_whole, name: string, off: string | undefined) => {
    if (name === 'TIME') return '12:34:56.123456';
    if (name === 'SIPLEN' || name === 'CLEN' || name === 'WIRELEN') return `{{${name}}}`;
    if (/^(PORT_|CSEQ_|SDP_O_)/.test(name)) return String(numeric(name) + Number(off ?? 0));
    if (name === 'DIGEST_RESPONSE') return '0123456789abcdef0123456789abcdef'.slice(0, 31) + String(seed % 10);
    return `${name.toLowerCase().replace(/_/g, '')}-s${seed}-${numeric(name)}`;
  });
  return records.map((r) => (r.text === undefined ? r : { ...r, text: fixLengths(fill(r.text), r.type) }));
}

function fixSip(sip: string): string {
  const body = parseSip(sip).body;
  return sip.replace('{{CLEN}}', String(Buffer.byteLength(body, 'utf8')));
}

function fixLengths(text: string, type: string): string {
  if (type === 'sip') return fixSip(text);
  const { tokens, sip } = splitFrame(text);
  if (sip === undefined) return tokens.map((t) => t.replace('{{WIRELEN}}', '512')).join('|');
  const fixed = fixSip(sip);
  const leader = tokens.map((t) => t.replace('{{SIPLEN}}', String(Buffer.byteLength(fixed, 'utf8'))).replace('{{WIRELEN}}', '512')).join('|');
  return `${leader}\r\n${fixed}`;
}

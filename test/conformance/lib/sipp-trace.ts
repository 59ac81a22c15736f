/**
 * Reads SIPp's `-trace_msg` log (one block per message SIPp sent or received, retransmissions
 * included) into records of the `sip:caller` / `sip:callee` channels of the golden format.
 *
 * Block layout written by SIPp 3.6:
 *   `----------------------------------------------- 2026-01-01 12:00:00.000000`
 *   `UDP message sent (496 bytes):` or `UDP message received [301] bytes :`
 *   empty line, then exactly that many bytes of SIP text, then a newline.
 */
import type { TraceRecord } from './records.js';
import { recordKey } from './sip-text.js';

/** The SIPp role names of the transcripts. */
export type SippRole = 'caller' | 'callee';

const BLOCK = /^-{20,} (\S+ \S+)\n(UDP|TCP) message (sent|received) (?:\((\d+) bytes\)|\[(\d+)\] bytes) ?:\n\n/;

/** Parses a `_messages.log` text; throws on a block it cannot read, so a capture is never silently short. */
export function parseSippTrace(log: string, role: SippRole): TraceRecord[] {
  const buf = Buffer.from(log, 'utf8');
  const out: TraceRecord[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const rest = buf.subarray(pos, pos + 300).toString('latin1');
    if (/^\s*$/.test(rest)) break;
    const m = BLOCK.exec(rest);
    if (!m) throw new Error(`SIPp trace: unreadable block at byte ${pos}: ${JSON.stringify(rest.slice(0, 120))}`);
    const size = Number(m[4] ?? m[5]);
    const start = pos + Buffer.byteLength(m[0], 'latin1');
    const text = buf.subarray(start, start + size).toString('utf8');
    const dir = m[3] === 'sent' ? `${role}->drachtio` : `drachtio->${role}`;
    out.push({ channel: `sip:${role}`, dir, type: 'sip', summary: recordKey('sip', text), text, i: out.length + 1, t_ms: Date.parse((m[1] ?? '').replace(' ', 'T').slice(0, 23)) });
    pos = start + size;
    while (pos < buf.length && (buf[pos] === 0x0a || buf[pos] === 0x0d)) pos++;
  }
  return out;
}

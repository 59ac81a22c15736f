/** Reading SIPp's message trace (-trace_msg): the NOTIFYs a watcher received, in order. */
import { traceMessages } from '../../helpers/sipp-trace.js';

/** One received NOTIFY. */
export interface ReceivedNotify {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly raw: string;
}

/** The requests of one method SIPp received, in order (retransmissions dropped by CSeq). */
export function received(messages: string, method: string): ReceivedNotify[] {
  const out: ReceivedNotify[] = [];
  const seen = new Set<string>();
  for (const msg of traceMessages(messages)) {
    if (msg.direction !== 'received' || !msg.text.startsWith(`${method} `)) continue;
    const headers: Record<string, string> = {};
    for (const [name, value] of msg.headers) headers[name] = value;
    const key = `${headers['call-id']}|${headers.cseq}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ headers, body: headers['content-length'] === '0' ? '' : msg.body.replace(/\n+$/, '\n'), raw: msg.text });
  }
  return out;
}

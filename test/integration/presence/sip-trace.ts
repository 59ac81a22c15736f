/** Reading SIPp's message trace (-trace_msg): the NOTIFYs a watcher received, in order. */

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
  for (const block of messages.split(/-{20,}[^\n]*\n/)) {
    const m = /message received[^\n]*\n\s*\n?([\s\S]*)$/.exec(block);
    if (!m?.[1]) continue;
    const text = m[1].replace(/\r\n/g, '\n').replace(/^\n+/, '');
    if (!text.startsWith(`${method} `)) continue;
    const split = text.indexOf('\n\n');
    const head = split >= 0 ? text.slice(0, split) : text;
    const body = split >= 0 ? text.slice(split + 2).replace(/\n+$/, '\n') : '';
    const headers: Record<string, string> = {};
    for (const line of head.split('\n').slice(1)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const key = `${headers['call-id']}|${headers.cseq}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ headers, body: headers['content-length'] === '0' ? '' : body, raw: text });
  }
  return out;
}

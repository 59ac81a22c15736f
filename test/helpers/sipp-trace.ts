/** Reading SIPp's message trace (`-trace_msg`): every message it sent or received, in order. */

/** One message of the trace. */
export interface TraceMessage {
  readonly direction: 'sent' | 'received';
  /** The message with LF line ends, from its start line on. */
  readonly text: string;
  /** Start line and header lines. */
  readonly head: string;
  /** What follows the blank line, as it stands in the trace. */
  readonly body: string;
  /** Header lines in order: lower-case name and trimmed value. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/** The messages of a trace, in order. */
export function traceMessages(messages: string): TraceMessage[] {
  const out: TraceMessage[] = [];
  for (const block of messages.split(/-{20,}[^\n]*\n/)) {
    const m = /message (sent|received)[^\n]*\n\s*\n?([\s\S]*)$/.exec(block);
    if (!m?.[2]) continue;
    const text = m[2].replace(/\r\n/g, '\n').replace(/^\n+/, '');
    const split = text.indexOf('\n\n');
    const head = split >= 0 ? text.slice(0, split) : text;
    const body = split >= 0 ? text.slice(split + 2) : '';
    const headers: Array<readonly [string, string]> = [];
    for (const line of head.split('\n').slice(1)) {
      const i = line.indexOf(':');
      if (i > 0) headers.push([line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()]);
    }
    out.push({ direction: m[1] as 'sent' | 'received', text, head, body, headers });
  }
  return out;
}

/** The first value of header `name` (lower case) in a trace message, or ''. */
export function traceHeader(msg: TraceMessage, name: string): string {
  return msg.headers.find(([n]) => n === name)?.[1] ?? '';
}

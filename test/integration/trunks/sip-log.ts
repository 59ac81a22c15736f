/**
 * Reads SIPp's message trace (-trace_msg) into messages with headers, so that carrier tests can
 * assert the exact identity headers of every leg the PBX sent.
 */

/** One SIP message as SIPp logged it. */
export interface LoggedMessage {
  readonly direction: 'received' | 'sent';
  /** request method, or null for a response */
  readonly method: string | null;
  readonly status: number | null;
  readonly startLine: string;
  readonly raw: string;
  /** header values by lower-case name, in order of appearance */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  /** the first value of a header (case-insensitive), undefined when absent */
  header(name: string): string | undefined;
}

/** Splits a SIPp message log into messages. */
export function parseSippLog(log: string): LoggedMessage[] {
  const out: LoggedMessage[] = [];
  for (const chunk of log.split(/^-{20,}.*$/m)) {
    const m = /^\s*\S+ message (received|sent)[^\n]*\n+([\s\S]*)$/.exec(chunk);
    if (!m) continue;
    const text = (m[2] ?? '').replace(/\r\n/g, '\n').replace(/\n+$/, '');
    const [head] = text.split(/\n\n/, 1) as [string];
    const lines = head.split('\n');
    const startLine = (lines[0] ?? '').trim();
    const headers = new Map<string, string[]>();
    for (const line of lines.slice(1)) {
      const i = line.indexOf(':');
      if (i <= 0) continue;
      const name = line.slice(0, i).trim().toLowerCase();
      headers.set(name, [...(headers.get(name) ?? []), line.slice(i + 1).trim()]);
    }
    const status = /^SIP\/2\.0 (\d{3})/.exec(startLine);
    out.push({
      direction: m[1] as 'received' | 'sent',
      method: status ? null : (startLine.split(' ')[0] ?? null),
      status: status ? Number(status[1]) : null,
      startLine,
      raw: text,
      headers,
      header: (name) => headers.get(name.toLowerCase())?.[0],
    });
  }
  return out;
}

/** The requests of `method` the SIPp peer received, in order. */
export function received(log: string, method: string): LoggedMessage[] {
  return parseSippLog(log).filter((m) => m.direction === 'received' && m.method === method);
}

/**
 * The identity headers of a request as one object for exact comparisons: From without its tag,
 * PAI, PPI, Privacy, Diversion, History-Info, RPID (absent headers are undefined).
 */
export function identityOf(m: LoggedMessage): Record<string, string | undefined> {
  return {
    requestUri: m.startLine.split(' ')[1],
    from: m.header('From')?.replace(/;tag=[^;]+/, ''),
    pai: m.header('P-Asserted-Identity'),
    ppi: m.header('P-Preferred-Identity'),
    privacy: m.header('Privacy'),
    diversion: m.header('Diversion'),
    historyInfo: m.header('History-Info'),
    rpid: m.header('Remote-Party-ID'),
  };
}

/** Small helpers for the engine command lines: host:port parsing and usage formatting. */

/** Parses `host:port` (IPv4 or name). Returns undefined when malformed. */
export function parseHostPort(text: string): { host: string; port: number } | undefined {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text.trim());
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port > 65535) return undefined;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/** One documented command-line option. */
export interface OptionDoc {
  readonly flag: string;
  readonly arg?: string;
  readonly text: string;
  readonly dflt?: string;
}

/** Formats a usage text from option docs. */
export function formatUsage(usage: string, summary: string, options: readonly OptionDoc[]): string {
  const rows = options.map((o) => [`  ${o.flag}${o.arg ? ' ' + o.arg : ''}`, o.text + (o.dflt ? ` (default: ${o.dflt})` : '')] as const);
  const w = Math.max(...rows.map((r) => r[0].length));
  return [`Usage: ${usage}`, '', summary, '', 'Options:', ...rows.map(([a, b]) => `${a.padEnd(w)}  ${b}`)].join('\n');
}

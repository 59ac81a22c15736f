/**
 * The cross-record orderings drachtio-srf depends on (fixtures README, "How a test should
 * compare" rule 2; drachtio-protocol.md §3.2):
 * - the echo of a request the app sent comes before any `sip` frame with a response to it,
 *   or srf drops the response (it learns the transaction id from the echo);
 * - the echo of a UAS 200 for an INVITE comes before the ACK frame of that dialog and CSeq,
 *   or srf has no dialog to hand the ACK to.
 * Also who closes a control connection first (the server after a wrong secret).
 */
import type { TraceRecord } from './records.js';
import { header, isResponse, parseSip, splitFrame } from './sip-text.js';

/** A violated ordering, without its stream (the caller adds it). */
export interface OrderingIssue {
  readonly at: string;
  readonly where: string;
  readonly expected: string;
  readonly got: string;
}

interface Frame {
  readonly pos: number;
  readonly tokens: readonly string[];
  readonly sip: string;
}

function cseqOf(sip: string): { n: string; method: string } {
  const [n = '', method = ''] = (header(parseSip(sip), 'cseq') ?? '').split(/\s+/);
  return { n, method };
}

/** Checks the two srf orderings on the server-to-app frames of every control connection. */
export function checkOrderings(records: readonly TraceRecord[]): OrderingIssue[] {
  const issues: OrderingIssue[] = [];
  const conns = new Set(records.filter((r) => r.channel === 'control').map((r) => r.conn ?? 1));
  for (const conn of conns) {
    const frames: Frame[] = records
      .filter((r) => r.channel === 'control' && (r.conn ?? 1) === conn && r.dir === 'drachtio->app' && r.type === 'frame')
      .map((r, pos) => ({ pos, ...splitFrame(r.text ?? '') }))
      .filter((f): f is Frame => f.sip !== undefined);
    const requestEchoes = frames.filter((f) => f.tokens[1] === 'response' && !isResponse(f.sip));
    const responses = frames.filter((f) => f.tokens[1] === 'sip' && f.tokens[2] === 'network' && isResponse(f.sip));
    for (const echo of requestEchoes) {
      const txn = echo.tokens[10];
      for (const r of responses) {
        if (r.tokens[8] === txn && r.pos < echo.pos) {
          issues.push({ at: `control/${conn} drachtio->app`, where: 'order', expected: `echo of ${echo.sip.split(' ')[0]} (txn ${txn}) before the ${r.sip.split('\r\n')[0]} frame`, got: 'the response frame came first' });
        }
      }
    }
    const okEchoes = frames.filter((f) => f.tokens[1] === 'response' && /^SIP\/2\.0 2\d\d /.test(f.sip) && cseqOf(f.sip).method === 'INVITE');
    const acks = frames.filter((f) => f.tokens[1] === 'sip' && f.sip.startsWith('ACK '));
    for (const echo of okEchoes) {
      const dlg = echo.tokens[11];
      const n = cseqOf(echo.sip).n;
      for (const ack of acks) {
        if (ack.tokens[9] === dlg && cseqOf(ack.sip).n === n && ack.pos < echo.pos) {
          issues.push({ at: `control/${conn} drachtio->app`, where: 'order', expected: `echo of the UAS 200 (CSeq ${n} INVITE, dialog ${dlg}) before its ACK frame`, got: 'the ACK frame came first' });
        }
      }
    }
  }
  return issues;
}

/** For each control connection, who sent the first FIN (`app` or `drachtio`), by record order. */
export function firstFin(records: readonly TraceRecord[]): Map<number, string> {
  const out = new Map<number, string>();
  const ordered = [...records].sort((a, b) => (a.i ?? 0) - (b.i ?? 0));
  for (const r of ordered) {
    const m = /^connection closed by (\w+)$/.exec(r.summary);
    if (r.channel === 'control' && r.type === 'event' && m && !out.has(r.conn ?? 1)) out.set(r.conn ?? 1, m[1] ?? '');
  }
  return out;
}

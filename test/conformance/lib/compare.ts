/**
 * Compares a capture against a golden transcript following "How a test should compare" in
 * test/fixtures/conformance/README.md:
 * - records are grouped per stream (channel, conn, dir) and each stream is compared in order;
 *   order across streams is not compared, except the orderings drachtio-srf depends on;
 * - control frames: frame kind, status token, exact token count (trailing empty tokens
 *   included), token values after placeholder binding; `{{SIPLEN}}` equals the SIP text's bytes;
 * - SIP text (in frames and at SIPp): start line, the set of header names with their values
 *   (order ignored except for Via, Route and Record-Route values), body.
 *
 * Records of a stream are paired by a longest common subsequence of their labels (frame kind,
 * status, SIP method/status), so one missing or extra message shows up as exactly that instead
 * of shifting every later record.
 */
import { Binder } from './placeholders.js';
import type { Match, Mismatch } from './placeholders.js';
import type { TraceRecord } from './records.js';
import { parseSip, recordKey, splitFrame, header } from './sip-text.js';
import type { HeaderLine } from './sip-text.js';
import { checkOrderings, firstFin } from './orderings.js';

/** One difference between the golden transcript and the capture. */
export interface Deviation {
  /** `control/1 drachtio->app`, `sip:caller drachtio->caller`, or `orderings`. */
  readonly stream: string;
  /** The golden record (position in the file and label), or the captured one for extras. */
  readonly at: string;
  /** `record`, `token 11`, `start line`, `header Contact`, `body`, `order`, … */
  readonly where: string;
  readonly expected: string;
  readonly got: string;
}

/** The outcome of one comparison. */
export interface Comparison {
  readonly deviations: readonly Deviation[];
  /** Streams compared, in comparison order, with record counts golden/captured. */
  readonly streams: readonly { readonly stream: string; readonly golden: number; readonly captured: number }[];
  readonly binder: Binder;
}

/** Headers whose values keep their order (README: Via; Route sets are ordered lists too). */
const ORDERED = new Set(['via', 'route', 'record-route']);

/** README channel order, used for stream order (and so for first-sight binding). */
const CHANNEL_ORDER = ['control', 'sip:caller', 'sip:callee'];

function streamName(r: TraceRecord): string {
  return r.channel === 'control' ? `control/${r.conn ?? 1} ${r.dir}` : `${r.channel} ${r.dir}`;
}

function keyOf(r: TraceRecord): string {
  return recordKey(r.type, r.text, r.summary);
}

function label(r: TraceRecord, golden: boolean): string {
  return `${golden ? 'golden' : 'captured'} #${r.i ?? '?'} ${keyOf(r)}`;
}

/** Pairs two sequences by a longest common subsequence of their keys. */
function align<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): { a?: T; b?: T }[] {
  const ka = a.map(key);
  const kb = b.map(key);
  const n = a.length;
  const m = b.length;
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = len[i] as number[];
      row[j] = ka[i] === kb[j] ? (len[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(len[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: { a?: T; b?: T }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && ka[i] === kb[j]) out.push({ a: a[i++], b: b[j++] });
    else if (j < m && (i >= n || (len[i]?.[j + 1] ?? 0) >= (len[i + 1]?.[j] ?? 0))) out.push({ b: b[j++] });
    else out.push({ a: a[i++] });
  }
  return out;
}

/** Compares one capture with one golden transcript. */
export function compareTranscript(golden: readonly TraceRecord[], captured: readonly TraceRecord[]): Comparison {
  const binder = new Binder();
  const deviations: Deviation[] = [];
  const relevant = (r: TraceRecord) => r.type !== 'note' && r.channel !== 'app';
  const g = golden.filter(relevant);
  const c = captured.filter(relevant);
  const names: string[] = [];
  for (const r of [...g, ...c]) if (!names.includes(streamName(r))) names.push(streamName(r));
  const rank = (s: string) => CHANNEL_ORDER.findIndex((ch) => s.startsWith(ch === 'control' ? 'control/' : `${ch} `));
  names.sort((x, y) => rank(x) - rank(y));
  const streams: { stream: string; golden: number; captured: number }[] = [];
  for (const stream of names) {
    const gs = g.filter((r) => streamName(r) === stream);
    const cs = c.filter((r) => streamName(r) === stream);
    streams.push({ stream, golden: gs.length, captured: cs.length });
    for (const pair of align(gs, cs, keyOf)) {
      if (pair.a && !pair.b) deviations.push({ stream, at: label(pair.a, true), where: 'record', expected: describe(pair.a), got: '(missing)' });
      else if (!pair.a && pair.b) deviations.push({ stream, at: label(pair.b, false), where: 'record', expected: '(none)', got: describe(pair.b) });
      else if (pair.a && pair.b) compareRecord(binder, stream, pair.a, pair.b, deviations);
    }
  }
  for (const d of checkOrderings(c)) deviations.push({ stream: 'orderings', ...d });
  const gf = firstFin(g);
  const cf = firstFin(c);
  for (const [conn, who] of gf) {
    if (cf.get(conn) !== who) deviations.push({ stream: `control/${conn}`, at: 'connection close', where: 'first FIN', expected: `sent by ${who}`, got: cf.has(conn) ? `sent by ${cf.get(conn)}` : 'no FIN' });
  }
  return { deviations, streams, binder };
}

function describe(r: TraceRecord): string {
  const first = r.text?.split('\r\n')[0];
  return first === undefined ? keyOf(r) : `${keyOf(r)}: ${first.slice(0, 200)}`;
}

function compareRecord(binder: Binder, stream: string, exp: TraceRecord, got: TraceRecord, out: Deviation[]): void {
  const at = label(exp, true);
  const add = (where: string, expected: string, gotText: string) => out.push({ stream, at, where, expected, got: gotText });
  if (exp.type === 'event') return;
  const et = exp.text ?? '';
  const gt = got.text ?? '';
  if (exp.type === 'sip') {
    compareSip(binder, et, gt, add);
    return;
  }
  const ef = splitFrame(et);
  const gf = splitFrame(gt);
  if (ef.tokens.length !== gf.tokens.length) add('token count', `${ef.tokens.length}: ${binder.render(ef.tokens.join('|'))}`, `${gf.tokens.length}: ${gf.tokens.join('|')}`);
  ef.tokens.forEach((tok, idx) => {
    const actual = gf.tokens[idx];
    if (actual === undefined) return;
    const m = binder.match(tok, actual);
    if (!m.ok) add(`token ${idx}`, explain(m), actual);
    else if (tok === '{{SIPLEN}}') {
      const bytes = Buffer.byteLength(gf.sip ?? '', 'utf8');
      if (Number(actual) !== bytes) add(`token ${idx} ({{SIPLEN}})`, `byte length of the SIP text: ${bytes}`, actual);
    }
  });
  if ((ef.sip === undefined) !== (gf.sip === undefined)) add('SIP part', ef.sip === undefined ? '(none)' : 'a SIP message', gf.sip === undefined ? '(none)' : 'a SIP message');
  else if (ef.sip !== undefined && gf.sip !== undefined) compareSip(binder, ef.sip, gf.sip, add);
}

function explain(m: Mismatch): string {
  const text = m.pattern === m.expected ? m.pattern : `${m.pattern} = ${m.expected}`;
  return m.reason === 'text differs' ? text : `${text} (${m.reason})`;
}

type Add = (where: string, expected: string, got: string) => void;

/** Start line, header set with values, body (README rule 4, last bullet, and rule 5). */
export function compareSip(binder: Binder, expected: string, actual: string, add: Add): void {
  const e = parseSip(expected);
  const a = parseSip(actual);
  const sl = binder.match(e.startLine, a.startLine);
  if (!sl.ok) add('start line', explain(sl), a.startLine);
  const lower = (s: string) => s.toLowerCase();
  const eNames = [...new Set(e.headers.map((h) => h.name))];
  const aNames = [...new Set(a.headers.map((h) => h.name))];
  for (const name of eNames) {
    const want = e.headers.filter((h) => h.name === name);
    let have = a.headers.filter((h) => h.name === name);
    if (have.length === 0) {
      have = a.headers.filter((h) => lower(h.name) === lower(name));
      if (have.length === 0) {
        add(`header ${name}`, want.map((h) => binder.render(h.value)).join(' / '), '(absent)');
        continue;
      }
      add(`header ${name} (name)`, name, have[0]?.name ?? '');
    }
    compareValues(binder, name, want, have, add);
  }
  for (const name of aNames) {
    if (!eNames.some((n) => lower(n) === lower(name))) add(`header ${name}`, '(absent)', a.headers.filter((h) => h.name === name).map((h) => h.value).join(' / '));
  }
  const cl = header(a, 'content-length');
  if (header(e, 'content-length') === '{{CLEN}}' && cl !== undefined && Number(cl) !== Buffer.byteLength(a.body, 'utf8')) {
    add('header Content-Length ({{CLEN}})', `byte length of the body: ${Buffer.byteLength(a.body, 'utf8')}`, cl);
  }
  const body = binder.match(e.body, a.body);
  if (!body.ok) {
    const el = e.body.split('\r\n');
    const al = a.body.split('\r\n');
    if (el.length !== al.length) add('body', explain(body), a.body);
    else el.forEach((line, idx) => {
      const m = binder.match(line, al[idx] ?? '');
      if (!m.ok) add(`body line ${idx + 1}`, explain(m), al[idx] ?? '');
    });
  }
}

function compareValues(binder: Binder, name: string, want: readonly HeaderLine[], have: readonly HeaderLine[], add: Add): void {
  if (ORDERED.has(name.toLowerCase())) {
    want.forEach((w, idx) => {
      const h = have[idx];
      if (h === undefined) return add(`header ${name} #${idx + 1}`, binder.render(w.value), '(absent)');
      const m = binder.match(w.value, h.value);
      if (!m.ok) add(`header ${name}${want.length > 1 ? ` #${idx + 1}` : ''}`, explain(m), h.value);
    });
    have.slice(want.length).forEach((h) => add(`header ${name}`, '(no further value)', h.value));
    return;
  }
  const left = [...have];
  for (const w of want) {
    let hit: { idx: number; m: Match } | undefined;
    let miss: Mismatch | undefined;
    for (let idx = 0; idx < left.length && !hit; idx++) {
      const m = binder.test(w.value, left[idx]?.value ?? '');
      if (m.ok) hit = { idx, m };
      else miss ??= m;
    }
    if (hit) {
      binder.commit(hit.m);
      left.splice(hit.idx, 1);
    } else add(`header ${name}`, miss ? explain(miss) : binder.render(w.value), left.map((h) => h.value).join(' / ') || '(no further value)');
  }
  if (have.length > want.length) for (const h of left.slice(want.length - have.length)) add(`header ${name}`, '(no further value)', h.value);
}

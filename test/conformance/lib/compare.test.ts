/**
 * The comparator must accept every golden transcript filled with fresh values, and must reject
 * each kind of difference the fixtures README says a test has to catch.
 */
import t from 'tap';
import { readdirSync } from 'node:fs';
import { GOLDEN_DIR, loadGolden } from './records.js';
import type { TraceRecord } from './records.js';
import { instantiate } from './instantiate.js';
import { compareTranscript } from './compare.js';
import { splitFrame } from './sip-text.js';

const scenarios = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.jsonl')).map((f) => f.replace(/\.jsonl$/, ''));

void t.test('every golden transcript filled with fresh placeholder values compares without deviation', async (t) => {
  t.equal(scenarios.length, 18, 'all 18 drachtio transcripts are present');
  for (const name of scenarios) {
    const g = loadGolden(name).records;
    t.same(compareTranscript(g, instantiate(g, 7)).deviations, [], name);
  }
});

type Mutation = (rs: TraceRecord[]) => TraceRecord[];

/** Replaces the text of the first record matching `pick`. */
function edit(pick: (r: TraceRecord) => boolean, change: (text: string) => string): Mutation {
  return (rs) => {
    const idx = rs.findIndex(pick);
    if (idx < 0) throw new Error('mutation target not found');
    const r = rs[idx] as TraceRecord;
    return rs.map((x, i) => (i === idx ? { ...r, text: change(r.text ?? '') } : x));
  };
}

const frameOf = (dir: string, leaderPart: string, sipStart = '') => (r: TraceRecord) =>
  r.type === 'frame' && r.dir === dir && (r.text ?? '').split('\r\n')[0]?.includes(leaderPart) === true && (r.text ?? '').includes(`\r\n${sipStart}`);
const sipAt = (dir: string, start: string) => (r: TraceRecord) => r.type === 'sip' && r.dir === dir && (r.text ?? '').startsWith(start);

function moveBefore(pickMoved: (r: TraceRecord) => boolean, pickAnchor: (r: TraceRecord) => boolean): Mutation {
  return (rs) => {
    const moved = rs.find(pickMoved);
    if (!moved) throw new Error('record to move not found');
    const rest = rs.filter((r) => r !== moved);
    const at = rest.findIndex(pickAnchor);
    return [...rest.slice(0, at), moved, ...rest.slice(at)];
  };
}

const cases: readonly { name: string; scenario: string; mutate: Mutation; where: RegExp }[] = [
  { name: 'a dropped trailing empty token', scenario: 'uas-invite-200', mutate: edit(frameOf('drachtio->app', '|sip|network|', 'INVITE'), (s) => s.replace('|\r\n', '\r\n')), where: /^token count$/ },
  { name: 'NOK instead of OK', scenario: 'options-route', mutate: edit(frameOf('drachtio->app', '|response|', 'SIP/2.0 200'), (s) => s.replace('|OK|', '|NOK|')), where: /^record$/ },
  { name: 'an empty protocol token filled in', scenario: 'options-route', mutate: edit(frameOf('drachtio->app', '|response|', 'SIP/2.0 200'), (s) => s.replace(/\|application\|(\d+)\|\|/, '|application|$1|udp|')), where: /^token 6$/ },
  { name: 'a wrong SIPLEN', scenario: 'uas-invite-200', mutate: edit(frameOf('drachtio->app', '|response|', 'SIP/2.0 200'), (s) => s.replace(/\|application\|(\d+)\|/, (_m, n: string) => `|application|${Number(n) + 1}|`)), where: /SIPLEN/ },
  { name: 'a TIME token of the wrong shape', scenario: 'uas-invite-200', mutate: edit(frameOf('drachtio->app', '|sip|network|', 'BYE'), (s) => s.replace('12:34:56.123456', '12:34:56')), where: /^token 7$/ },
  { name: 'a Call-ID that changes within the dialog', scenario: 'uas-invite-200', mutate: edit(sipAt('drachtio->caller', 'SIP/2.0 200 OK'), (s) => s.replace(/Call-ID: (\S+)/, 'Call-ID: $1x')), where: /^header Call-ID$/ },
  { name: 'two placeholders bound to one value', scenario: 'uas-invite-200', mutate: (rs) => { const tag1 = /tag=(tag1-[^\s;>]+)/.exec(rs.map((r) => r.text ?? '').join('\n'))?.[1] ?? ''; return rs.map((r) => ({ ...r, ...(r.text ? { text: r.text.replace(/tag2-[^\s;>|]+/g, tag1) } : {}) })); }, where: /^header To$/ },
  { name: 'a CSeq that is not base plus one', scenario: 'uac-invite', mutate: edit(sipAt('drachtio->callee', 'BYE'), (s) => s.replace(/CSeq: (\d+) BYE/, (_m, n: string) => `CSeq: ${Number(n) + 1} BYE`)), where: /^header CSeq$/ },
  { name: 'a missing header', scenario: 'options-no-route', mutate: edit(sipAt('drachtio->caller', 'SIP/2.0 503'), (s) => s.replace(/Call-ID: [^\r]*\r\n/, '')), where: /^header Call-ID$/ },
  { name: 'an extra header', scenario: 'options-no-route', mutate: edit(sipAt('drachtio->caller', 'SIP/2.0 503'), (s) => s.replace('Content-Length', 'Server: x\r\nContent-Length')), where: /^header Server$/ },
  { name: 'a header name in another case', scenario: 'options-no-route', mutate: edit(sipAt('drachtio->caller', 'SIP/2.0 503'), (s) => s.replace('Call-ID:', 'Call-Id:')), where: /^header Call-ID \(name\)$/ },
  { name: 'Via values in swapped order', scenario: 'proxy-record-route', mutate: edit(sipAt('drachtio->callee', 'INVITE'), (s) => { const vias = s.split('\r\n').filter((l) => l.startsWith('Via:')); return s.replace(vias[0] ?? '', '@@').replace(vias[1] ?? '', vias[0] ?? '').replace('@@', vias[1] ?? ''); }), where: /^header Via #1$/ },
  { name: 'a changed SDP line', scenario: 'uas-invite-200', mutate: edit(sipAt('drachtio->caller', 'SIP/2.0 200 OK'), (s) => s.replace('a=sendrecv', 'a=sendonly')), where: /^body line 10$/ },
  { name: 'LF-only line ends', scenario: 'options-no-route', mutate: edit(sipAt('drachtio->caller', 'SIP/2.0 503'), (s) => s.replace(/\r\n/g, '\n')), where: /^(start line|record)$/ },
  { name: 'a wrong start line', scenario: 'uac-invite', mutate: edit(sipAt('drachtio->callee', 'ACK'), (s) => s.replace(/;transport=UDP SIP/, ' SIP')), where: /^start line$/ },
  { name: 'a missing 200 retransmission', scenario: 'ack-timeout', mutate: (rs) => { const i = rs.findIndex(sipAt('drachtio->caller', 'SIP/2.0 200')); return rs.filter((_, j) => j !== i); }, where: /^record$/ },
  { name: 'a response frame before the request echo', scenario: 'uac-invite', mutate: moveBefore(frameOf('drachtio->app', '|sip|network|', 'SIP/2.0 180'), frameOf('drachtio->app', '|response|', 'INVITE')), where: /^order$/ },
  { name: 'the ACK frame before the UAS 200 echo', scenario: 'uas-invite-200', mutate: moveBefore(frameOf('drachtio->app', '|sip|network|', 'ACK'), frameOf('drachtio->app', '|response|', 'SIP/2.0 200')), where: /^order$/ },
  { name: 'the app closing first after a wrong secret', scenario: 'auth-wrong-secret', mutate: moveBefore((r) => r.summary === 'connection closed by app', (r) => r.summary === 'connection closed by drachtio'), where: /^first FIN$/ },
];

void t.test('the comparator reports each kind of deviation', async (t) => {
  for (const c of cases) {
    const g = loadGolden(c.scenario).records;
    const captured = c.mutate(instantiate(g, 3)).map((r, i) => ({ ...r, i: i + 1 }));
    const devs = compareTranscript(g, captured).deviations;
    t.ok(devs.some((d) => c.where.test(d.where)), `${c.name} is reported`, { deviations: devs });
  }
});

void t.test('header order other than Via does not matter', async (t) => {
  const g = loadGolden('options-no-route').records;
  const captured = edit(sipAt('drachtio->caller', 'SIP/2.0 503'), (s) => {
    const [head = '', body = ''] = s.split('\r\n\r\n');
    const [start, ...lines] = head.split('\r\n');
    return [start, ...lines.reverse()].join('\r\n') + '\r\n\r\n' + body;
  })(instantiate(g, 5));
  t.same(compareTranscript(g, captured).deviations, []);
});

void t.test('leader tokens are split on | with trailing empty tokens kept', async (t) => {
  t.same(splitFrame('id|sip|network|1|udp|h|5|t|txn||h|5|\r\nX').tokens.length, 13);
  t.same(splitFrame('id|ping').sip, undefined);
});

/**
 * Shared pieces of the hotline end-to-end tests: a PBX on the e2e users plus the hotline-calls
 * dialplan, the hotline log and live status read the way an operator reads them (store and the
 * /internal route the CLI uses), and phones.
 */
import type { Test } from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPbx, type Pbx } from '../../../helpers/pbx.js';
import { E2E_DIALPLAN } from '../../../helpers/e2e.js';
import { waitFor } from '../../../helpers/wait-for.js';
import { SipPhone } from './sip-phone.js';

/** The hotlines of the call tests. */
export const HOTLINE_CALLS_DIALPLAN = 'test/fixtures/dialplans/e2e/hotline-calls.yaml';

/** Passwords of the e2e users. */
export const PASSWORDS: Readonly<Record<string, string>> = { 2001: 'alice-secret-1', 2002: 'bernd-secret-1', 2003: 'carla-secret-1', 2004: 'dora-secret-1' };

/** When the test fails, the PBX's log is kept in a file named on stderr (CI artefacts, debugging). */
export function keepOutputOnFailure(t: Test, p: Pbx): void {
  t.teardown(async () => {
    if (t.passing()) return;
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'zentrale-failed-')), 'pbx.log');
    writeFileSync(file, p.output());
    process.stderr.write(`PBX log of the failed test: ${file}\n`);
  });
}

/** A PBX with the e2e users and the given hotline dialplans. */
export async function hotlinePbx(t: Test, dialplans: string[] = [HOTLINE_CALLS_DIALPLAN], env: NodeJS.ProcessEnv = {}): Promise<Pbx> {
  const p = await startPbx({ dialplans: [E2E_DIALPLAN, ...dialplans], env });
  t.teardown(() => p.stop());
  keepOutputOnFailure(t, p);
  return p;
}

/** One hotline log entry as stored. */
export interface LogEntry {
  readonly at: number;
  readonly event: string;
  readonly call_id: string | null;
  readonly caller: string | null;
  readonly agent: string | null;
  readonly detail: Record<string, unknown> | null;
}

/** The hotline log of `hotline`, oldest first. */
export async function hotlineLog(p: Pbx, hotline: string): Promise<LogEntry[]> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(p.dataDir, 'zentrale.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('select at, event, call_id, caller, agent, detail from hotline_log where hotline = ? order by id').all(hotline) as Array<Omit<LogEntry, 'detail'> & { detail: string | null }>;
    return rows.map((r) => ({ ...r, detail: r.detail ? JSON.parse(r.detail) as Record<string, unknown> : null }));
  } finally {
    db.close();
  }
}

/** Waits until the hotline log holds an entry matching `match`; returns the whole log. */
export async function waitForLog(p: Pbx, hotline: string, match: (e: LogEntry) => boolean, what: string, ms = 20_000): Promise<LogEntry[]> {
  return waitFor(async () => {
    const log = await hotlineLog(p, hotline);
    return log.some(match) ? log : undefined;
  }, { ms, every: 100, what });
}

/** The live status of a hotline from the running PBX. */
export async function hotlineStatus(p: Pbx, hotline: string): Promise<{ agents: Array<{ extension: string; state: string; hotlines: string[]; callId: string | null }>; waiting: Array<{ callId: string; position: number }> }> {
  const { adminToken } = JSON.parse(readFileSync(join(p.dataDir, 'secrets.json'), 'utf8')) as { adminToken: string };
  const r = await fetch(`http://127.0.0.1:${p.httpPort}/internal/acd/hotline/${hotline}`, { headers: { authorization: `Bearer ${adminToken}` } });
  return await r.json() as Awaited<ReturnType<typeof hotlineStatus>>;
}

/**
 * Waits until `extension` shows `state` in `hotline`: the agent-wide state where it is logged in to
 * that hotline, `logged-out` where it is not.
 */
export async function waitAgentState(p: Pbx, hotline: string, extension: string, state: string, ms = 20_000): Promise<void> {
  await waitFor(async () => {
    const a = (await hotlineStatus(p, hotline)).agents.find((x) => x.extension === extension);
    return a !== undefined && (a.hotlines.includes(hotline) ? a.state : 'logged-out') === state;
  }, { ms, every: 100, what: `${extension} ${state} in ${hotline}` });
}

/** Logs agents in through the running PBX's CLI. */
export function login(p: Pbx, hotline: string, ...extensions: string[]): void {
  for (const ext of extensions) {
    const r = p.cli(['agent', 'login', hotline, ext]);
    if (r.code !== 0) throw new Error(`agent login ${hotline} ${ext} failed: ${r.stderr}`);
  }
}

/** A phone calling as user `ext`. */
export async function userPhone(t: Test, p: Pbx, ext: string, recordArrivals = false, recordAudio = false): Promise<SipPhone> {
  const phone = await SipPhone.open({ pbxPort: p.sipPort, user: ext, password: PASSWORDS[ext], recordArrivals, recordAudio });
  t.teardown(() => phone.close());
  return phone;
}

/** The PBX's JSON log lines with `msg`. */
export function logged(p: Pbx, msg: string): Array<Record<string, unknown>> {
  return p.output().split('\n').filter((l) => l.startsWith('{') && l.includes(msg)).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === msg);
}

/** The carrier site of the hotline tests (trunk port replaced). */
export const HOTLINE_TRUNK_DIALPLAN = 'test/fixtures/dialplans/e2e/hotline-trunk.yaml';

/** Writes a carrier site (by default the hotline tests') with the trunk on `port` to a temporary file. */
export async function trunkDialplan(port: number, dialplan = HOTLINE_TRUNK_DIALPLAN): Promise<string> {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { parse, stringify } = await import('yaml');
  const doc = parse(readFileSync(dialplan, 'utf8')) as { trunks: Array<Record<string, unknown>> };
  doc.trunks[0]!.port = port;
  const file = join(mkdtempSync(join(tmpdir(), 'zentrale-hotline-')), 'site.yaml');
  writeFileSync(file, stringify(doc));
  return file;
}

/** A PBX on the carrier site, and the carrier: a phone on the trunk's port that calls in and answers legs out. */
export async function trunkPbx(t: Test, env: NodeJS.ProcessEnv = {}, incoming: 'answer' | 'busy' | 'ring' = 'answer', dialplan = HOTLINE_TRUNK_DIALPLAN): Promise<{ p: Pbx; carrier: SipPhone }> {
  const { freePort } = await import('../../../helpers/ports.js');
  const port = await freePort();
  const p = await startPbx({ dialplans: [await trunkDialplan(port, dialplan)], env: { ZENTRALE_DIGEST_ALGORITHMS: 'MD5', ...env } });
  t.teardown(() => p.stop());
  keepOutputOnFailure(t, p);
  const carrier = await SipPhone.open({ pbxPort: p.sipPort, localPort: port, incoming, recordAudio: true });
  t.teardown(() => carrier.close());
  return { p, carrier };
}

/** Header lines of a carrier's INVITE for caller `number` (RFC 3325 P-Asserted-Identity). */
export function fromCarrier(number: string): { from: string; headers: string[] } {
  return { from: number, headers: [`P-Asserted-Identity: <sip:${number}@carrier.test>`, 'Privacy: none'] };
}

/** Passwords of the carrier site's users. */
export const TRUNK_PASSWORDS: Readonly<Record<string, string>> = { 3001: 'anna-secret-1', 3002: 'bernd-secret-1', 3003: 'carla-secret-1', 3004: 'dora-secret-1' };

/** A Node phone of a carrier-site user; `register` makes it ring for calls to the user. */
export async function sitePhone(t: Test, p: Pbx, ext: string, opts: { register?: boolean; incoming?: 'answer' | 'busy' | 'ring'; answerMs?: number } = {}): Promise<SipPhone> {
  const phone = await SipPhone.open({ pbxPort: p.sipPort, user: ext, password: TRUNK_PASSWORDS[ext] ?? PASSWORDS[ext], incoming: opts.incoming, answerMs: opts.answerMs, recordAudio: true });
  t.teardown(() => phone.close());
  if (opts.register) {
    const status = await phone.register();
    if (status !== 200) throw new Error(`REGISTER of ${ext} answered ${status}`);
  }
  return phone;
}

/** A mail received by the loopback SMTP server, decoded. */
export interface ReceivedMail {
  readonly to: string[];
  readonly headers: Readonly<Record<string, string>>;
  /** The text of the first text/plain part (or the body). */
  readonly text: string;
  /** The message as received (for attachments). */
  readonly raw: Buffer;
}

/** A real SMTP server (smtp-server) on a free loopback port, collecting what it receives. */
export async function smtpSink(t: Test): Promise<{ url: string; mails: ReceivedMail[] }> {
  const { SMTPServer } = await import('smtp-server');
  const { freePort } = await import('../../../helpers/ports.js');
  const { parseMail } = await import('../../voicemail/mime.js');
  const mails: ReceivedMail[] = [];
  const port = await freePort();
  const smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, closeTimeout: 1000,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const m = parseMail(raw);
        const text = m.parts.find((x) => /^text\/plain/.test(x.headers['content-type'] ?? '')) ?? m.parts[0];
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), headers: m.headers, text: text ? text.body.toString('utf8') : '', raw });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(port, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => smtp.close(() => r())));
  return { url: `smtp://127.0.0.1:${port}`, mails };
}

/** The cause the call record of SIP call `callId` ended with (written once the call ended). */
export async function callCause(p: Pbx, callId: string): Promise<string | null> {
  return waitFor(async () => {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(p.dataDir, 'zentrale.db'), { readonly: true, fileMustExist: true });
    try {
      const r = db.prepare('select cause, ended_at from call_records where call_id = ? order by started_at desc limit 1').get(callId) as { cause: string | null; ended_at: number | null } | undefined;
      return r?.ended_at ? { cause: r.cause } : undefined;
    } finally {
      db.close();
    }
  }, { ms: 10_000, every: 100, what: `call record of ${callId}` }).then((r) => r.cause);
}

/**
 * Whether the recorded RTP of `call` (PCMU, recordAudio) carries prompt `id`: a run of 20 ms frames
 * from its middle (0.4 s) arrives byte for byte as the media engine encodes the prompt's WAV.
 */
export async function heard(call: { rtp: { payloads: readonly Buffer[] } }, id: string, lang = 'de'): Promise<boolean> {
  const { decodeWav, toTelephoneRate } = await import('../../../../engine/media/src/wav/index.js');
  const { encodeG711 } = await import('../../../../engine/media/src/codec/index.js');
  const wav = decodeWav(readFileSync(join('assets/prompts', lang, `${id}.wav`)));
  if (!wav.ok) throw new Error(`${id}: ${wav.error.detail}`);
  const ulaw = encodeG711('PCMU', toTelephoneRate(wav.value));
  const frames = Math.floor(ulaw.length / 160);
  const from = Math.floor(frames / 2) - 10;
  if (from < 1) throw new Error(`${id} is too short to look for`);
  const want = Array.from({ length: 20 }, (_x, i) => Buffer.from(ulaw.subarray((from + i) * 160, (from + i + 1) * 160)));
  const got = call.rtp.payloads;
  for (let i = 0; i + want.length <= got.length; i++) {
    if (want.every((w, k) => w.equals(got[i + k]!))) return true;
  }
  return false;
}

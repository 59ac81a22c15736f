/**
 * `zentrale media-engine`: the FreeSWITCH stand-in as its own process. Listens for ESL on
 * --esl (loopback by default) and allocates RTP ports from --rtp-ports. The SIP side
 * (drachtio_mrf profile, engine/media/src/sip) attaches to the same process once it exists;
 * until then this runs the ESL and media part only.
 * Wire it into cli/main.ts as `{ name: 'media-engine', load: () => import('../engine/media/src/main.js') }`.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { formatUsage, parseHostPort, type OptionDoc } from '../../common/cli-args.js';
import { createLogger } from '../../common/logger.js';
import { startMediaEngine } from './media-engine.js';
import { MrfSipProfile } from './sip/mrf-profile.js';

const OPTIONS: readonly OptionDoc[] = [
  { flag: '--esl', arg: 'HOST:PORT', text: 'inbound event socket address (fsmrf connects here; keep it on loopback)', dflt: '127.0.0.1:8021' },
  { flag: '--password', arg: 'S', text: 'event socket password (fsmrf secret); or set ZENTRALE_ESL_PASSWORD', dflt: 'ClueCon' },
  { flag: '--acl', arg: 'CIDRS', text: 'comma-separated peers allowed on the event socket', dflt: '127.0.0.1/32,::1' },
  { flag: '--rtp-ip', arg: 'IP', text: 'address RTP binds to and SDP advertises', dflt: '127.0.0.1' },
  { flag: '--rtp-ports', arg: 'MIN-MAX', text: 'RTP port range (even ports are used)', dflt: '20000-20999' },
  { flag: '--sip', arg: 'HOST:PORT', text: 'address of the drachtio_mrf SIP profile, reported by `sofia status`', dflt: '127.0.0.1:5080' },
  { flag: '--sounds', arg: 'DIR', text: 'base directory for relative playback paths', dflt: 'assets/prompts' },
  { flag: '--recordings', arg: 'DIR', text: 'base directory for relative record paths', dflt: 'data/recordings' },
  { flag: '--codecs', arg: 'LIST', text: 'codec preference order', dflt: 'PCMU,PCMA' },
  { flag: '--max-sessions', arg: 'N', text: 'channels allowed at once', dflt: '1000' },
  { flag: '--sessions-per-second', arg: 'N', text: 'new channels per second (N admits N - 1); above it INVITEs get 503 Maximum Calls In Progress', dflt: '100' },
  { flag: '--log-level', arg: 'LEVEL', text: 'fatal, error, warn, info, debug, trace or silent', dflt: 'info' },
  { flag: '--exit-with-stdin', text: 'exit when standard input closes (for zentrale start)' },
  { flag: '--help', text: 'show this help' },
];

const HELP = formatUsage('zentrale media-engine [options]', 'Embedded media engine: a FreeSWITCH stand-in that the unchanged drachtio-fsmrf drives over ESL.', OPTIONS);

const hostPort = (dflt: string) => z.string().default(dflt).transform((s, c) => {
  const hp = parseHostPort(s);
  if (!hp) c.addIssue({ code: 'custom', message: `expected HOST:PORT, got '${s}'` });
  return hp ?? { host: '', port: 0 };
});

const Args = z.strictObject({
  esl: hostPort('127.0.0.1:8021'),
  password: z.string().min(1).default('ClueCon'),
  acl: z.string().default('127.0.0.1/32,::1').transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== '')),
  rtpIp: z.string().default('127.0.0.1'),
  rtpPorts: z.string().default('20000-20999').transform((s, c) => {
    const m = /^(\d+)-(\d+)$/.exec(s);
    if (!m) c.addIssue({ code: 'custom', message: `expected MIN-MAX, got '${s}'` });
    return { min: Number(m?.[1] ?? 0), max: Number(m?.[2] ?? 0) };
  }),
  sip: hostPort('127.0.0.1:5080'),
  sounds: z.string().default('assets/prompts'),
  recordings: z.string().default('data/recordings'),
  codecs: z.string().default('PCMU,PCMA').transform((s) => s.split(',').map((x) => x.trim().toUpperCase())).pipe(z.array(z.enum(['PCMU', 'PCMA'])).min(1)),
  maxSessions: z.coerce.number().int().min(1).default(1000),
  sessionsPerSecond: z.coerce.number().int().min(2).default(100),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  exitWithStdin: z.boolean().default(false),
});

/** Parses argv (and ZENTRALE_ESL_PASSWORD) into engine options, or a list of problems. */
export function parseMediaEngineArgs(argv: string[], env: NodeJS.ProcessEnv): { ok: true; value: z.output<typeof Args> } | { ok: false; errors: string[]; help?: boolean } {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        esl: { type: 'string' }, password: { type: 'string' }, acl: { type: 'string' }, 'rtp-ip': { type: 'string' }, 'rtp-ports': { type: 'string' },
        sip: { type: 'string' }, sounds: { type: 'string' }, recordings: { type: 'string' }, codecs: { type: 'string' }, 'max-sessions': { type: 'string' }, 'sessions-per-second': { type: 'string' },
        'log-level': { type: 'string' }, 'exit-with-stdin': { type: 'boolean' }, help: { type: 'boolean' },
      },
    }).values;
  } catch (err) {
    return { ok: false, errors: [(err as Error).message] };
  }
  if (values.help) return { ok: false, errors: [], help: true };
  const r = Args.safeParse({
    esl: values.esl, password: values.password ?? env.ZENTRALE_ESL_PASSWORD, acl: values.acl, rtpIp: values['rtp-ip'], rtpPorts: values['rtp-ports'],
    sip: values.sip, sounds: values.sounds, recordings: values.recordings, codecs: values.codecs, maxSessions: values['max-sessions'], sessionsPerSecond: values['sessions-per-second'],
    logLevel: values['log-level'], exitWithStdin: values['exit-with-stdin'] === true,
  });
  if (!r.success) return { ok: false, errors: r.error.issues.map((i) => `--${i.path.join('.').replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}: ${i.message}`) };
  return { ok: true, value: r.data };
}

/** Runs the engine until SIGINT/SIGTERM (or stdin closes with --exit-with-stdin). */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseMediaEngineArgs(argv, process.env);
  if (!parsed.ok) {
    if (parsed.help) {
      process.stdout.write(HELP + '\n');
      return 0;
    }
    process.stderr.write(parsed.errors.map((e) => `zentrale media-engine: ${e}`).join('\n') + `\n\n${HELP}\n`);
    return 2;
  }
  const a = parsed.value;
  const log = createLogger({ name: 'media-engine', level: a.logLevel });
  let engine: Awaited<ReturnType<typeof startMediaEngine>> | undefined;
  // The drachtio_mrf SIP profile binds first, so a port 0 resolves before sofia status reports it.
  const profile = new MrfSipProfile({
    host: a.sip.host, port: a.sip.port, log: log.child({ component: 'sip' }),
    engine: { createChannel: (r) => (engine ? engine.createChannel(r) : Promise.resolve({ ok: false, rejection: { reason: 'too-many-sessions', status: 503, phrase: 'Maximum Calls In Progress', detail: 'starting', retryAfter: 300 } })) },
  });
  let sipPort: number;
  try {
    sipPort = await profile.listen();
  } catch (err) {
    log.fatal({ err }, 'media engine SIP profile failed to bind');
    return 1;
  }
  try {
    engine = await startMediaEngine({
      esl: { host: a.esl.host, port: a.esl.port, password: a.password, acl: a.acl },
      rtp: { ip: a.rtpIp, portMin: a.rtpPorts.min, portMax: a.rtpPorts.max },
      sip: { ip: a.sip.host, port: sipPort },
      soundsDir: a.sounds,
      recordingsDir: a.recordings,
      codecPrefs: a.codecs,
      maxSessions: a.maxSessions,
      sessionsPerSecond: a.sessionsPerSecond,
    }, { log });
  } catch (err) {
    log.fatal({ err }, 'media engine failed to start');
    return 1;
  }
  process.stdout.write(`${JSON.stringify({ event: 'listening', esl: engine.eslPort, sip: sipPort })}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    if (a.exitWithStdin) process.stdin.once('end', () => resolve()).resume();
  });
  profile.close();
  await engine.stop();
  return 0;
}

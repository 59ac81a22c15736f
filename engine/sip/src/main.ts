/**
 * `zentrale sip-engine`: the embedded drachtio-server stand-in as its own process.
 * Listens for SIP on udp and tcp at --sip and for drachtio apps at --control.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createLogger } from '../../common/logger.js';
import { formatUsage, parseHostPort, type OptionDoc } from '../../common/cli-args.js';
import { SipEngine } from './core/engine.js';
import { ControlServer } from './control/server.js';

const OPTIONS: readonly OptionDoc[] = [
  { flag: '--sip', arg: 'HOST:PORT', text: 'SIP listening address, udp and tcp', dflt: '0.0.0.0:5060' },
  { flag: '--control', arg: 'HOST:PORT', text: 'drachtio control protocol address (keep it on loopback)', dflt: '127.0.0.1:9022' },
  { flag: '--secret', arg: 'S', text: 'shared secret apps authenticate with; or set ZENTRALE_ENGINE_SECRET (preferred: not visible in ps)' },
  { flag: '--transports', arg: 'LIST', text: 'comma-separated SIP transports', dflt: 'udp,tcp' },
  { flag: '--external-ip', arg: 'IP', text: 'address written into Via/Contact for non-loopback peers (NAT)' },
  { flag: '--t1', arg: 'MS', text: 'RFC 3261 timer T1; T2, T4 and timers A-K scale with it', dflt: '500' },
  { flag: '--log-level', arg: 'LEVEL', text: 'fatal, error, warn, info, debug, trace or silent', dflt: 'info' },
  { flag: '--exit-with-stdin', text: 'exit when standard input closes (zentrale start uses it so the engine never outlives the PBX)' },
  { flag: '--help', text: 'show this help' },
];

const HELP = formatUsage('zentrale sip-engine [options]', 'Embedded SIP engine: a drachtio-server stand-in that the unchanged drachtio-srf connects to.', OPTIONS);

const hostPort = (dflt: string) => z.string().default(dflt).transform((s, c) => {
  const hp = parseHostPort(s);
  if (!hp) c.addIssue({ code: 'custom', message: `expected HOST:PORT, got '${s}'` });
  return hp ?? { host: '', port: 0 };
});

const Args = z.strictObject({
  sip: hostPort('0.0.0.0:5060'),
  control: hostPort('127.0.0.1:9022'),
  secret: z.string().min(1, 'a secret is required (--secret or ZENTRALE_ENGINE_SECRET)'),
  transports: z.string().default('udp,tcp').transform((s) => s.split(',').map((x) => x.trim().toLowerCase())).pipe(z.array(z.enum(['udp', 'tcp'])).min(1)),
  externalIp: z.string().optional(),
  t1: z.coerce.number().int().min(10).max(5000).default(500),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  exitWithStdin: z.boolean().default(false),
});

/** Parses argv (and ZENTRALE_ENGINE_SECRET) into engine options, or a list of problems. */
export function parseSipEngineArgs(argv: string[], env: NodeJS.ProcessEnv): { ok: true; value: z.output<typeof Args> } | { ok: false; errors: string[]; help?: boolean } {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: { sip: { type: 'string' }, control: { type: 'string' }, secret: { type: 'string' }, transports: { type: 'string' }, 'external-ip': { type: 'string' }, t1: { type: 'string' }, 'log-level': { type: 'string' }, 'exit-with-stdin': { type: 'boolean' }, help: { type: 'boolean' } },
    }).values;
  } catch (err) {
    return { ok: false, errors: [(err as Error).message] };
  }
  if (values.help) return { ok: false, errors: [], help: true };
  const r = Args.safeParse({
    sip: values.sip, control: values.control, secret: values.secret ?? env.ZENTRALE_ENGINE_SECRET ?? '',
    transports: values.transports, externalIp: values['external-ip'], t1: values.t1, logLevel: values['log-level'],
    exitWithStdin: values['exit-with-stdin'] === true,
  });
  if (!r.success) return { ok: false, errors: r.error.issues.map((i) => `--${i.path.join('.').replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}: ${i.message}`) };
  return { ok: true, value: r.data };
}

/** Runs the engine until SIGINT/SIGTERM. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseSipEngineArgs(argv, process.env);
  if (!parsed.ok) {
    if (parsed.help) {
      process.stdout.write(HELP + '\n');
      return 0;
    }
    process.stderr.write(parsed.errors.map((e) => `zentrale sip-engine: ${e}`).join('\n') + `\n\n${HELP}\n`);
    return 2;
  }
  const a = parsed.value;
  const log = createLogger({ name: 'sip-engine', level: a.logLevel });
  const t1 = a.t1;
  const engine = new SipEngine({
    host: a.sip.host, port: a.sip.port, protocols: a.transports, externalAddress: a.externalIp, log,
    timers: { T1: t1, T2: t1 * 8, T4: t1 * 10 },
  });
  await engine.start();
  const control = new ControlServer({ host: a.control.host, port: a.control.port, secret: a.secret, engine, log });
  const controlPort = await control.listen();
  const points = engine.transport.listeningPoints.map((p) => `${p.protocol}/${p.host}:${p.port}`).join(',');
  log.info({ sip: points, control: `${a.control.host}:${controlPort}` }, 'sip engine listening');
  // A machine-readable line for supervisors and tests that start the engine on port 0.
  process.stdout.write(JSON.stringify({ event: 'listening', sip: { host: a.sip.host, port: engine.transport.port }, control: { host: a.control.host, port: controlPort } }) + '\n');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (a.exitWithStdin) {
      process.stdin.on('end', stop);
      process.stdin.on('close', stop);
      process.stdin.resume();
    }
  });
  log.info('sip engine stopping');
  await control.close();
  engine.stop();
  return 0;
}

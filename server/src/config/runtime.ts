/**
 * The feature server's process configuration (CONVENTIONS §2.5: one schema, loaded once, frozen;
 * nothing else reads process.env). Every field has a default, a range and a description, from
 * which `zentrale start --help` is generated.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../domain/result.js';

const hostPort = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, { error: 'must be HOST:PORT' });

/** Environment variables and their meaning. */
export const runtimeSchema = z.strictObject({
  dataDir: z.string().min(1).default('./data').describe('ZENTRALE_DATA_DIR: store, recordings and secrets'),
  sipListen: hostPort.default('0.0.0.0:5060').describe('ZENTRALE_SIP_LISTEN: SIP address (udp and tcp) of the SIP engine that zentrale start runs'),
  httpListen: hostPort.default('127.0.0.1:8080').describe('ZENTRALE_HTTP_LISTEN: REST API, web UI and /healthz'),
  drachtio: hostPort.optional().describe('ZENTRALE_DRACHTIO: an external drachtio-server control address; unset: the SIP engine that zentrale start runs'),
  drachtioSecret: z.string().min(1).optional().describe('ZENTRALE_DRACHTIO_SECRET: its shared secret (required with ZENTRALE_DRACHTIO)'),
  freeswitch: hostPort.optional().describe('ZENTRALE_FREESWITCH: event socket of an external FreeSWITCH; unset: the media engine that zentrale start runs'),
  freeswitchSecret: z.string().min(1).optional().describe('ZENTRALE_FREESWITCH_SECRET: its event socket password (required with ZENTRALE_FREESWITCH)'),
  eslListen: hostPort.default('127.0.0.1:0').describe('ZENTRALE_ESL_LISTEN: where drachtio-fsmrf takes the per-call outbound event socket connections (port 0: any)'),
  rtpIp: z.string().optional().describe('ZENTRALE_RTP_IP: address the media engine started by zentrale start uses for RTP; default the SIP listen address, or this machine\'s first IPv4 address when that is 0.0.0.0'),
  rtpPorts: z.string().regex(/^\d{4,5}-\d{4,5}$/, { error: 'must be MIN-MAX' }).default('20000-20999').describe('ZENTRALE_RTP_PORTS: RTP port range of the media engine started by zentrale start'),
  mediaSessionsPerSecond: z.coerce.number().int().min(2).max(100_000).default(100).describe('ZENTRALE_MEDIA_SESSIONS_PER_SECOND: new media channels per second the media engine started by zentrale start admits (FreeSWITCH sessions-per-second); above it the media engine refuses new channels with 503 Maximum Calls In Progress and calls go on as without a media server (hotline callers wait hearing ringback) instead of overloading the machine'),
  publicHost: z.string().optional().describe('ZENTRALE_PUBLIC_HOST: host name or address phones use, shown in the start-up instructions'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('ZENTRALE_LOG_LEVEL: fatal, error, warn, info, debug, trace or silent'),
  // Reachability first: clients such as baresip 1.0 and SIPp take the topmost challenge and fail
  // on SHA-256 instead of skipping it, so SHA-256 is opt-in for sites whose phones support it.
  digestAlgorithms: z.string().default('MD5').transform((s) => s.split(',').map((x) => x.trim().toUpperCase()))
    .pipe(z.array(z.enum(['SHA-256', 'MD5'])).min(1)).describe('ZENTRALE_DIGEST_ALGORITHMS: digest challenges offered, in order (RFC 8760), e.g. SHA-256,MD5 when every phone handles SHA-256; default MD5'),
  keepaliveSec: z.coerce.number().int().min(0).max(3600).default(30).describe('ZENTRALE_KEEPALIVE_SEC: OPTIONS keep-alive interval to registered contacts (0: off)'),
  officeNetworks: z.string().default('10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,127.0.0.0/8,fc00::/7,::1/128')
    .describe('ZENTRALE_OFFICE_NETWORKS: CIDR list of office device addresses; other devices count as home office (emergency callback number)'),
  smtpUrl: z.string().regex(/^smtps?:\/\/\S+$/, { error: 'must be smtp://HOST:PORT or smtps://…' }).optional()
    .describe('ZENTRALE_SMTP_URL: SMTP server for voicemail e-mails, e.g. smtp://user:pass@mail.example.org:587; unset: no e-mails'),
  mailFrom: z.string().regex(/^[^\s@]+@[^\s@]+$/, { error: 'must be an e-mail address' }).optional()
    .describe('ZENTRALE_MAIL_FROM: sender of voicemail e-mails; default zentrale@ the site domain'),
});

/** The loaded runtime configuration. */
export type RuntimeConfig = Readonly<z.output<typeof runtimeSchema>>;

const ENV: Record<keyof z.input<typeof runtimeSchema>, string> = {
  dataDir: 'ZENTRALE_DATA_DIR', sipListen: 'ZENTRALE_SIP_LISTEN', httpListen: 'ZENTRALE_HTTP_LISTEN', drachtio: 'ZENTRALE_DRACHTIO',
  drachtioSecret: 'ZENTRALE_DRACHTIO_SECRET', publicHost: 'ZENTRALE_PUBLIC_HOST', logLevel: 'ZENTRALE_LOG_LEVEL',
  digestAlgorithms: 'ZENTRALE_DIGEST_ALGORITHMS', keepaliveSec: 'ZENTRALE_KEEPALIVE_SEC',
  freeswitch: 'ZENTRALE_FREESWITCH', freeswitchSecret: 'ZENTRALE_FREESWITCH_SECRET', eslListen: 'ZENTRALE_ESL_LISTEN', rtpIp: 'ZENTRALE_RTP_IP', rtpPorts: 'ZENTRALE_RTP_PORTS', mediaSessionsPerSecond: 'ZENTRALE_MEDIA_SESSIONS_PER_SECOND', officeNetworks: 'ZENTRALE_OFFICE_NETWORKS',
  smtpUrl: 'ZENTRALE_SMTP_URL', mailFrom: 'ZENTRALE_MAIL_FROM',
};

/** Reads the environment into a frozen config, or every problem as `VARIABLE: reason`. */
export function loadRuntimeConfig(env: NodeJS.ProcessEnv): Result<RuntimeConfig, string[]> {
  const input: Record<string, string> = {};
  for (const [key, name] of Object.entries(ENV)) {
    const v = env[name];
    if (v !== undefined && v !== '') input[key] = v;
  }
  const r = runtimeSchema.safeParse(input);
  if (!r.success) return err(r.error.issues.map((i) => `${ENV[i.path[0] as keyof typeof ENV] ?? String(i.path[0])}: ${i.message}`));
  if (r.data.drachtio && !r.data.drachtioSecret) return err(['ZENTRALE_DRACHTIO_SECRET: required with ZENTRALE_DRACHTIO']);
  if (r.data.freeswitch && !r.data.freeswitchSecret) return err(['ZENTRALE_FREESWITCH_SECRET: required with ZENTRALE_FREESWITCH']);
  return ok(Object.freeze(r.data));
}

/** Help text for the environment variables, generated from the schema. */
export function runtimeHelp(): string {
  const shape = runtimeSchema.shape;
  return Object.entries(shape).map(([key, s]) => {
    const desc = (s as z.ZodType).description ?? key;
    const [name, text] = desc.split(/:\s(.*)/s);
    type Def = { def?: { defaultValue?: unknown; in?: Def } };
    const def = (s as unknown as Def).def;
    const d = def?.defaultValue ?? def?.in?.def?.defaultValue;
    const dflt = d === undefined ? '' : ` (default: ${typeof d === 'function' ? String((d as () => unknown)()) : String(d)})`;
    return `  ${(name ?? key).padEnd(28)} ${text ?? ''}${dflt}`;
  }).join('\n');
}

/** Splits `host:port`. */
export function splitHostPort(hp: string): { host: string; port: number } {
  const i = hp.lastIndexOf(':');
  return { host: hp.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(hp.slice(i + 1)) };
}

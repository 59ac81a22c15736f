/**
 * API commands (mod_commands / mod_sofia) with FreeSWITCH's output texts, for `api` and `bgapi`
 * over ESL. Outputs end with the same newlines FreeSWITCH writes; an empty output is turned into
 * `-ERR no reply` by the ESL layer, as api_exec does (uuid_break prints nothing on success).
 */
import type { CallingSite } from '../events/index.js';
import { mediaStatsVariables } from '../rtp/index.js';
import { parseHangupCause } from '../channel/states.js';
import { serializeJson, serializePlain, serializeXml } from '../esl/framing.js';
import { isDtmfDigit } from '../dtmf/index.js';
import type { ApiHost } from './api-host.js';
import { showChannels } from './show.js';

const DUMP_SITE: CallingSite = { file: 'mod_commands.c', func: 'uuid_dump_function', line: 6468 };
const NO_SUCH_CHANNEL = '-ERR No Such Channel!\n';

type ApiFunction = (host: ApiHost, args: string) => string | Promise<string>;

function words(args: string): string[] {
  return args.trim().split(/\s+/).filter((w) => w !== '');
}

function uptimeText(ms: number): string {
  let rest = Math.max(0, ms);
  const us = Math.floor((rest % 1) * 1000);
  rest = Math.floor(rest);
  const parts = { years: 0, days: 0, hours: 0, minutes: 0, seconds: 0, milliseconds: rest % 1000 };
  let seconds = Math.floor(rest / 1000);
  parts.years = Math.floor(seconds / (86400 * 365));
  seconds -= parts.years * 86400 * 365;
  parts.days = Math.floor(seconds / 86400);
  seconds -= parts.days * 86400;
  parts.hours = Math.floor(seconds / 3600);
  seconds -= parts.hours * 3600;
  parts.minutes = Math.floor(seconds / 60);
  parts.seconds = seconds - parts.minutes * 60;
  return `${parts.years} years, ${parts.days} days, ${parts.hours} hours, ${parts.minutes} minutes, ${parts.seconds} seconds, ${parts.milliseconds} milliseconds, ${us} microseconds`;
}

/** `Up-Time` text for HEARTBEAT and `status`. */
export function formatUptime(ms: number): string {
  return uptimeText(ms);
}

/** The `sofia status` table fsmrf parses for the profile's SIP address (reference §5.1). */
export function sofiaStatus(host: ApiHost): string {
  const line = '='.repeat(97);
  const count = host.channels().length;
  const data = `sip:mod_sofia@${host.sofia.ip}:${host.sofia.port}`;
  return `${'Name'.padStart(25)}\t${'   Type'}\t${'Data'.padStart(42)}\tState\n${line}\n`
    + `${host.sofia.profileName.padStart(25)}\tprofile\t  ${data.padStart(40)}\tRUNNING (${count})\n${line}\n1 profile 0 aliases\n`;
}

const COMMANDS: Readonly<Record<string, ApiFunction>> = {
  status: (host) => {
    const id = host.identity;
    const sessions = host.channels().length;
    const rate = host.sessionRate();
    return `UP ${uptimeText(host.nowMs() - host.startedMs)}\n`
      + `FreeSWITCH (Version ${id.version.replace(/~64bit$/, '')} 64bit) is ready\n`
      + `${host.sessionsSinceStartup()} session(s) since startup\n`
      + `${sessions} session(s) - peak ${host.peakSessions()}, last 5min ${host.peakSessions()} \n`
      + `${rate.last} session(s) per Sec out of max ${rate.limit}, peak ${rate.peak}, last 5min ${rate.peakFiveMin} \n`
      + `${host.maxSessions} session(s) max\n`
      + `min idle cpu 0.00/${host.idleCpu().toFixed(2)}\n`
      + 'Current Stack Size/Max 240K/8192K\n';
  },
  version: (host) => `FreeSWITCH Version ${host.identity.version} (zentrale media engine)\n`,
  hostname: (host) => host.identity.hostname,
  uptime: (host) => `${Math.floor((host.nowMs() - host.startedMs) / 1000)}`,
  global_getvar: (host, args) => {
    const name = args.trim();
    if (name === '') return Array.from(host.globalVars, ([k, v]) => `${k}=${v}\n`).join('');
    return host.globalVars.get(name) ?? '';
  },
  global_setvar: (host, args) => {
    const eq = args.indexOf('=');
    if (eq <= 0) return '-USAGE: <var>=<value> [=<value2>]\n';
    host.globalVars.set(args.slice(0, eq).trim(), args.slice(eq + 1).trim());
    return '+OK\n';
  },
  sofia: (host, args) => {
    const argv = words(args);
    if (argv[0] !== 'status') return '-ERR Usage: sofia status\n';
    if (argv[1] === 'profile' && argv[2] !== host.sofia.profileName) return 'Invalid Profile!\n';
    return sofiaStatus(host);
  },
  show: (host, args) => showChannels(host, args),
  uuid_exists: (host, args) => (host.channel(args.trim()) ? 'true' : 'false'),
  uuid_break: (host, args) => {
    const [uuid, flag] = words(args);
    if (!uuid) return '-USAGE: <uuid> [all]\n';
    const channel = host.channel(uuid);
    if (!channel) return NO_SUCH_CHANNEL;
    channel.breakMedia(flag?.includes('all') ?? false);
    return '';
  },
  uuid_kill: (host, args) => {
    const [uuid, cause] = words(args);
    if (!uuid) return '-USAGE: <uuid> [cause]\n';
    const channel = host.channel(uuid);
    if (!channel) return '-ERR No such channel!\n';
    channel.hangup(parseHangupCause(cause));
    return '+OK\n';
  },
  uuid_getvar: (host, args) => {
    const [uuid, name] = words(args);
    if (!uuid || !name) return '-USAGE: <uuid> <var>\n';
    const channel = host.channel(uuid);
    if (!channel) return NO_SUCH_CHANNEL;
    return channel.vars.get(name) ?? '_undef_';
  },
  uuid_setvar: (host, args) => {
    const argv = words(args);
    if (argv.length < 2 || argv.length > 3) return '-USAGE: <uuid> <var> [value]\n';
    const channel = host.channel(argv[0] as string);
    if (!channel) return NO_SUCH_CHANNEL;
    channel.vars.set(argv[1] as string, argv[2]);
    return '+OK\n';
  },
  uuid_setvar_multi: (host, args) => {
    const space = args.trim().indexOf(' ');
    if (space < 0) return '-USAGE: <uuid> <var>=<value>;<var>=<value>...\n';
    const channel = host.channel(args.trim().slice(0, space));
    if (!channel) return NO_SUCH_CHANNEL;
    let set = 0;
    for (const pair of args.trim().slice(space + 1).split(';')) {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      if (name.trim() === '') continue;
      channel.vars.set(name.trim(), eq < 0 ? undefined : pair.slice(eq + 1));
      set++;
    }
    return set > 0 ? '+OK\n' : '-USAGE: <uuid> <var>=<value>;<var>=<value>...\n';
  },
  uuid_dump: (host, args) => {
    const [uuid, format = 'txt'] = words(args);
    if (!uuid) return '-USAGE: <uuid> [format]\n';
    const channel = host.channel(uuid);
    if (!channel) return NO_SUCH_CHANNEL;
    const headers = channel.channelData(DUMP_SITE, false);
    if (format.toLowerCase() === 'json') return serializeJson({ name: 'CHANNEL_DATA', headers });
    if (format.toLowerCase() === 'xml') return serializeXml({ name: 'CHANNEL_DATA', headers });
    if (format.toLowerCase() === 'plain') return serializePlain(headers, undefined, false);
    return serializePlain(headers);
  },
  uuid_set_media_stats: (host, args) => {
    const channel = host.channel(args.trim());
    if (!channel) return NO_SUCH_CHANNEL;
    for (const [name, value] of mediaStatsVariables(channel.rtp.stats())) channel.vars.set(name, value);
    return '+OK:\n';
  },
  uuid_send_dtmf: (host, args) => {
    const [uuid, data] = words(args);
    if (!uuid || !data) return '-USAGE: <uuid> <dtmf_data>\n';
    const channel = host.channel(uuid);
    if (!channel) return '-ERR Cannot locate session!\n';
    const [digits = '', duration] = data.split('@');
    channel.rtp.sendDigits(digits.split('').filter(isDtmfDigit).join(''), Number(duration) || 100);
    return '';
  },
  uuid_flush_dtmf: (host, args) => {
    const channel = host.channel(args.trim());
    if (!channel) return '-ERR no such session\n';
    channel.digits.flush();
    return '+OK\n';
  },
};

/** Runs an API command; unknown commands answer like api_exec: `-ERR <cmd> Command not found!`. */
export async function executeApi(host: ApiHost, command: string, args: string): Promise<string> {
  const fn = COMMANDS[command.toLowerCase()];
  if (!fn) return `-ERR ${command} Command not found!\n`;
  return fn(host, args);
}

/** The command names this engine answers (for diagnostics and tests). */
export const API_COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

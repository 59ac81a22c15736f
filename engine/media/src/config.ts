/**
 * Configuration of the media engine, one zod schema (CONVENTIONS §2.5). The defaults mirror the
 * production FreeSWITCH configuration in freeswitch-conf/: event socket on 127.0.0.1:8021 with
 * password ClueCon and a loopback ACL (fsmrf's own default secret is ClueCon too), RTP ports
 * 20000-20999, codec preferences PCMU,PCMA, sofia profile `drachtio_mrf` on port 5080.
 */
import { z } from 'zod';

/** The engine configuration schema. */
export const mediaEngineConfigSchema = z.strictObject({
  esl: z.strictObject({
    host: z.string().min(1).default('127.0.0.1').describe('address the inbound event socket binds (keep loopback)'),
    port: z.number().int().min(0).max(65535).default(8021).describe('inbound event socket port; 0 = ephemeral'),
    password: z.string().min(1).default('ClueCon').describe('event socket password (fsmrf connect secret)'),
    acl: z.array(z.string().min(1)).min(1).default(['127.0.0.1/32', '::1']).describe('peers allowed to connect (CIDR)'),
    heartbeatSec: z.number().int().min(1).max(3600).default(20).describe('HEARTBEAT event interval'),
  }).prefault({}),
  rtp: z.strictObject({
    ip: z.string().min(1).default('127.0.0.1').describe('address RTP sockets bind and SDP advertises'),
    portMin: z.number().int().min(1024).max(65534).default(20000).describe('lowest RTP port'),
    portMax: z.number().int().min(1025).max(65535).default(20999).describe('highest RTP port'),
    clockSlots: z.number().int().min(1).max(20).default(4).describe('phases of the 20 ms send clock'),
  }).prefault({}),
  sip: z.strictObject({
    profileName: z.string().min(1).default('drachtio_mrf').describe('sofia profile name reported by `sofia status`'),
    ip: z.string().min(1).default('127.0.0.1').describe('address of the SIP side (sofia profile)'),
    port: z.number().int().min(1).max(65535).default(5080).describe('port of the SIP side'),
    originIp: z.string().min(1).optional().describe('address in the o= line of answers; default rtp.ip'),
  }).prefault({}),
  soundsDir: z.string().min(1).default('assets/prompts').describe('base directory of relative playback paths'),
  recordingsDir: z.string().min(1).default('data/recordings').describe('base directory of relative record paths'),
  codecPrefs: z.array(z.enum(['PCMU', 'PCMA'])).min(1).default(['PCMU', 'PCMA']).describe('codec preference order'),
  maxSessions: z.number().int().min(1).default(1000).describe('channels allowed at once (Max-Sessions)'),
  sessionsPerSecond: z.number().int().min(2).default(100).describe('new channels per second (switch.conf sessions-per-second; N admits N - 1 a second); above it INVITEs get 503 Maximum Calls In Progress'),
  hostname: z.string().min(1).optional().describe('FreeSWITCH-Hostname; default the OS host name'),
}).refine((c) => c.rtp.portMin <= c.rtp.portMax, { message: 'rtp.portMin must not exceed rtp.portMax', path: ['rtp', 'portMin'] });

/** Input accepted by {@link mediaEngineConfigSchema} (everything optional). */
export type MediaEngineConfigInput = z.input<typeof mediaEngineConfigSchema>;

/** A validated configuration. */
export type MediaEngineConfig = z.output<typeof mediaEngineConfigSchema>;

/** Validates and freezes a configuration; returns `path: message` issues on failure. */
export function parseMediaEngineConfig(input: unknown): { ok: true; value: Readonly<MediaEngineConfig> } | { ok: false; issues: string[] } {
  const result = mediaEngineConfigSchema.safeParse(input ?? {});
  if (!result.success) return { ok: false, issues: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  return { ok: true, value: Object.freeze(result.data) };
}

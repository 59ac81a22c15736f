/**
 * Composition root of the media engine: event bus, media clock, RTP ports, channels, the inbound
 * event socket and HEARTBEAT. `startMediaEngine` binds the ESL port; the SIP side (engine/media/
 * src/sip, drachtio_mrf profile) calls `createChannel` for each INVITE.
 */
import { randomUUID } from 'node:crypto';
import { hostname as osHostname, networkInterfaces, cpus } from 'node:os';
import { resolve } from 'node:path';
import { type Scheduler, realScheduler } from '../../common/scheduler.js';
import type { ApiHost } from './api/index.js';
import { formatUptime } from './api/index.js';
import type { AppServices, MediaLogger } from './channel/app-context.js';
import type { Channel } from './channel/channel.js';
import { ChannelFactory, type CreateChannelRequest, type CreateChannelResult } from './channel/create-channel.js';
import { ChannelRegistry } from './channel/registry.js';
import { createAppRegistry, ALL_APPS } from './apps/registry.js';
import { parseMediaEngineConfig, type MediaEngineConfig, type MediaEngineConfigInput } from './config.js';
import { EventBus, type EngineIdentity, type EventValue } from './events/index.js';
import { startInboundServer, type InboundServer } from './esl/inbound-server.js';
import type { EslHost } from './esl/listener.js';
import { createSocketApp } from './esl/socket-app.js';
import { AudioStore } from './files/audio-store.js';
import { createRecordingWriter } from './files/recording-writer.js';
import { MediaClock, PortAllocator } from './rtp/index.js';
import { SessionThrottle } from './channel/session-throttle.js';

/** The version string FreeSWITCH 1.10.12 reports (conformance/README); fsmrf only logs it. */
export const FREESWITCH_VERSION = '1.10.12-release+git~20240802T210227Z~a88d069d6f~64bit';

/** Optional collaborators. */
export interface MediaEngineDeps {
  readonly log?: MediaLogger;
  readonly scheduler?: Scheduler;
  /** Wall-clock milliseconds. */
  readonly nowMs?: () => number;
  /** A media clock to share (benchmarks); by default the engine makes its own. */
  readonly clock?: MediaClock;
}

/** A running media engine. */
export interface MediaEngine {
  readonly config: Readonly<MediaEngineConfig>;
  readonly identity: EngineIdentity;
  /** The bound inbound event-socket port. */
  readonly eslPort: number;
  readonly clock: MediaClock;
  readonly bus: EventBus;
  /** The boundary for the SIP side: one call per INVITE. */
  createChannel(request: CreateChannelRequest): Promise<CreateChannelResult>;
  channel(uuid: string): Channel | undefined;
  channels(): readonly Channel[];
  /** Hangs up every channel (SYSTEM_SHUTDOWN), closes sockets and stops the clock. */
  stop(): Promise<void>;
}

const SILENT_LOG: MediaLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function hostAddresses(): { ipv4: string; ipv6: string } {
  let ipv4 = '127.0.0.1';
  let ipv6 = '::1';
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4' && ipv4 === '127.0.0.1') ipv4 = a.address;
      if (a.family === 'IPv6' && ipv6 === '::1') ipv6 = a.address;
    }
  }
  return { ipv4, ipv6 };
}

/** Measures idle CPU between heartbeats from process CPU time (all cores). */
function idleCpuMeter(): () => number {
  let lastUsage = process.cpuUsage();
  let lastTime = process.hrtime.bigint();
  let idle = 100;
  return () => {
    const usage = process.cpuUsage(lastUsage);
    const now = process.hrtime.bigint();
    const elapsedUs = Number(now - lastTime) / 1000;
    if (elapsedUs > 100_000) {
      const busy = (usage.user + usage.system) / (elapsedUs * Math.max(1, cpus().length));
      idle = Math.max(0, Math.min(100, 100 - busy * 100));
      lastUsage = process.cpuUsage();
      lastTime = now;
    }
    return idle;
  };
}

/** Validates the configuration, binds the event socket and starts the heartbeat. */
export async function startMediaEngine(input: MediaEngineConfigInput = {}, deps: MediaEngineDeps = {}): Promise<MediaEngine> {
  const parsed = parseMediaEngineConfig(input);
  if (!parsed.ok) throw new Error(`invalid media engine configuration: ${parsed.issues.join('; ')}`);
  const config = parsed.value;
  const log = deps.log ?? SILENT_LOG;
  const scheduler = deps.scheduler ?? realScheduler;
  const nowMs = deps.nowMs ?? (() => Date.now());
  const addresses = hostAddresses();
  const host = config.hostname ?? osHostname();
  const identity: EngineIdentity = {
    coreUuid: randomUUID(),
    hostname: host,
    switchname: host,
    ipv4: addresses.ipv4,
    ipv6: addresses.ipv6,
    version: FREESWITCH_VERSION,
  };
  const startedMs = nowMs();
  const bus = new EventBus(identity, nowMs);
  const clock = deps.clock ?? new MediaClock({ slots: config.rtp.clockSlots });
  const registry = new ChannelRegistry();
  const ports = new PortAllocator(config.rtp.ip, config.rtp.portMin, config.rtp.portMax);
  const audio = new AudioStore({ soundsDir: resolve(config.soundsDir) });
  const recordingsDir = resolve(config.recordingsDir);
  const idleCpu = idleCpuMeter();
  const globalVars = new Map<string, string>([
    ['hostname', host],
    ['local_ip_v4', addresses.ipv4],
    ['sound_prefix', resolve(config.soundsDir)],
    ['recordings_dir', recordingsDir],
    ['core_uuid', identity.coreUuid],
  ]);
  const throttle = new SessionThrottle(config.sessionsPerSecond, nowMs);
  const api: ApiHost = {
    identity,
    startedMs,
    nowMs,
    channels: () => registry.list(),
    channel: (uuid) => registry.get(uuid),
    sofia: { profileName: config.sip.profileName, ip: config.sip.ip, port: config.sip.port },
    maxSessions: config.maxSessions,
    sessionRate: () => throttle.figures(),
    sessionsSinceStartup: () => registry.sinceStartup,
    peakSessions: () => registry.peak,
    idleCpu,
    globalVars,
  };
  const eslHost: EslHost = { bus, password: config.esl.password, api, log, newUuid: () => randomUUID() };
  const appServices: AppServices = {
    scheduler,
    log,
    openAudio: (path, channel) => audio.open(path, channel),
    createRecording: (path) => createRecordingWriter(path, recordingsDir),
  };
  const apps = createAppRegistry([...ALL_APPS, createSocketApp(eslHost)]);
  const factory = new ChannelFactory({
    bus,
    clock,
    ports,
    registry,
    apps,
    appServices,
    nowMs,
    newUuid: () => randomUUID(),
    mediaIp: config.rtp.ip,
    originIp: config.sip.originIp ?? config.rtp.ip,
    codecPrefs: config.codecPrefs,
    profileName: config.sip.profileName,
    sipAddress: { ip: config.sip.ip, port: config.sip.port },
    maxSessions: config.maxSessions,
    throttle,
  });
  const inbound: InboundServer = await startInboundServer(eslHost, { host: config.esl.host, port: config.esl.port, acl: config.esl.acl });
  let stopped = false;
  let cancelHeartbeat: () => void = () => undefined;
  const heartbeat = (): void => {
    if (stopped) return;
    const uptime = nowMs() - startedMs;
    const rate = throttle.figures();
    const headers: Array<[string, EventValue]> = bus.coreHeaders('HEARTBEAT', { file: 'switch_core.c', func: 'send_heartbeat', line: 95 });
    headers.push(
      ['Event-Info', 'System Ready'],
      ['Up-Time', formatUptime(uptime)],
      ['FreeSWITCH-Version', FREESWITCH_VERSION],
      ['Uptime-msec', `${Math.floor(uptime)}`],
      ['Session-Count', `${registry.size}`],
      ['Max-Sessions', `${config.maxSessions}`],
      ['Session-Per-Sec', `${rate.remaining}`],
      ['Session-Per-Sec-Last', `${rate.last}`],
      ['Session-Per-Sec-Max', `${rate.peak}`],
      ['Session-Per-Sec-FiveMin', `${rate.peakFiveMin}`],
      ['Session-Since-Startup', `${registry.sinceStartup}`],
      ['Session-Peak-Max', `${registry.peak}`],
      ['Session-Peak-FiveMin', `${registry.peak}`],
      ['Idle-CPU', idleCpu().toFixed(6)],
    );
    bus.publish({ name: 'HEARTBEAT', headers });
    cancelHeartbeat = scheduler.after(config.esl.heartbeatSec * 1000, heartbeat);
  };
  cancelHeartbeat = scheduler.after(config.esl.heartbeatSec * 1000, heartbeat);
  log.info({ eslPort: inbound.port, rtp: `${config.rtp.ip}:${config.rtp.portMin}-${config.rtp.portMax}` }, 'media engine started');
  return {
    config,
    identity,
    eslPort: inbound.port,
    clock,
    bus,
    createChannel: (request) => factory.create(request),
    channel: (uuid) => registry.get(uuid),
    channels: () => registry.list(),
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      cancelHeartbeat();
      for (const channel of registry.list()) channel.hangup('SYSTEM_SHUTDOWN');
      await new Promise<void>((r) => setImmediate(r));
      await inbound.close();
      if (!deps.clock) clock.stop();
    },
  };
}

/**
 * buildServer: wires the adapters to the pure core (CONVENTIONS §2.1). Opens no sockets itself
 * until `start()`: the SIP side connects to drachtio (the SIP engine of `zentrale start` or a real drachtio-server,
 * it cannot tell), the HTTP side listens.
 */
import { PinGuard } from './lib/pin-guard.js';
import type { Logger } from 'pino';
import type { Db } from './store/db.js';
import type { SiteConfig } from './config/dialplan/index.js';
import type { RuntimeConfig } from './config/runtime.js';
import { splitHostPort } from './config/runtime.js';
import { loadStoredSite } from './config/site-store.js';
import { EventBus } from './events/bus.js';
import { RuntimeFactsHolder } from './runtime-facts.js';
import { LocationService } from './sip/registrar/location.js';
import { DigestAuthenticator } from './sip/registrar/authenticator.js';
import { registrar } from './sip/registrar/registrar.js';
import { Keepalive } from './sip/registrar/keepalive.js';
import { CallRecorder } from './sip/calls/recorder.js';
import { inviteHandler } from './sip/calls/invite.js';
import { ringUserStep } from './sip/calls/user-executor.js';
import { rejectStep } from './sip/calls/reject-executor.js';
import type { CallDeps } from './sip/calls/deps.js';
import type { CallerIdentifier, ExecutorTable } from './sip/calls/executors.js';
import type { FeatureContext } from './feature.js';
import { features } from './features.js';
import { FeatureRegistry } from './sip/calls/feature-executor.js';
import { RingingCalls } from './sip/calls/ringing.js';
import { MediaService } from './media/media-service.js';
import type { SrfApp } from './sip/srf-types.js';
import { BindingWriter, loadBindings } from './store/repos/bindings-repo.js';
import { closeOpenCallRecords } from './store/repos/call-records-repo.js';
import { buildHttp } from './api/http.js';
import { loadSecrets } from './lib/secrets.js';
import { coalesceWrites } from './sip/control-writes.js';

/** Dependencies of the feature server. */
export interface ServerDeps {
  readonly config: RuntimeConfig;
  readonly db: Db;
  readonly log: Logger;
  readonly srf: SrfApp;
  readonly now?: () => number;
}

/** A built feature server. */
export interface FeatureServer {
  readonly bus: EventBus;
  readonly location: LocationService;
  start(): Promise<{ httpPort: number }>;
  stop(): Promise<void>;
  reload(): Promise<{ version: number | undefined }>;
  site(): SiteConfig;
}

/** Builds the feature server. */
export async function buildServer(deps: ServerDeps): Promise<FeatureServer> {
  const { config, db, log, srf } = deps;
  const now = deps.now ?? Date.now;
  const secrets = loadSecrets(config.dataDir);
  const stored = await loadStoredSite(db);
  if (!stored) throw new Error('the store holds no site configuration: apply a dialplan first (zentrale apply FILE.yaml)');
  let site = stored.site;
  let version: number | undefined = stored.version;
  const bus = new EventBus(log.child({ component: 'bus' }), now);
  const facts = new RuntimeFactsHolder();
  const bindingWriter = new BindingWriter(db);
  const location = new LocationService(
    bindingWriter,
    (change) => {
      const count = location.countOf(change.extension, now());
      facts.update(change.extension, { registered: count > 0 });
      bus.emit('registration.changed', { extension: change.extension, aor: change.aor, bindings: count, reason: change.reason });
      // A refresh changes nothing an operator looks for, and every phone sends one every few
      // minutes: debug (an info line each cost the registrar a tenth of its time under load).
      log[change.reason === 'refreshed' ? 'debug' : 'info']({ extension: change.extension, bindings: count, reason: change.reason }, 'registration changed');
    },
    (err) => log.error({ err }, 'binding write failed'),
  );
  location.restore(await loadBindings(db, now()));
  for (const u of site.users) facts.update(u.extension, { registered: location.countOf(u.extension, now()) > 0 });
  const closed = await closeOpenCallRecords(db, now(), 'server-restart');
  if (closed > 0) log.warn({ calls: closed }, 'closed call records left open by a previous run');

  const auth = new DigestAuthenticator({ site: () => site, nonceSecret: secrets.nonceSecret, now, log: log.child({ component: 'auth' }), algorithms: config.digestAlgorithms });
  const recorder = new CallRecorder(db, bus, log.child({ component: 'cdr' }), now);
  const featureCodes = new FeatureRegistry();
  const executors: ExecutorTable = { user: ringUserStep, reject: rejectStep, feature: featureCodes.execute };
  const identifiers: CallerIdentifier[] = [];
  const callDeps: CallDeps = {
    srf, site: () => site, runtime: () => facts.snapshot(), location, auth, recorder, bus, log: log.child({ component: 'calls' }), now,
    executors, identifiers, ringing: new RingingCalls(),
  };
  const starters: Array<() => Promise<void> | void> = [];
  const stoppers: Array<() => Promise<void> | void> = [];

  const keepalive = new Keepalive({ srf, location, now, log: log.child({ component: 'keepalive' }), intervalSec: config.keepaliveSec });
  let sipConnected = false;
  srf.on('connect', () => { sipConnected = true; log.info('connected to the SIP engine'); });
  srf.on('disconnect', () => { sipConnected = false; log.warn('disconnected from the SIP engine'); });
  srf.on('error', (err: Error) => log.warn({ err }, 'SIP engine connection error'));

  const reload = async () => {
    const next = await loadStoredSite(db);
    if (!next || next.version === version) return { version };
    site = next.site;
    version = next.version;
    location.dropUnknown((ext, aor) => site.index.devices.get(aor)?.user.extension === ext);
    bus.emit('config.applied', { version: next.version, changes: 0 });
    log.info({ version }, 'configuration reloaded');
    return { version };
  };
  const http = buildHttp({
    log, adminToken: secrets.adminToken, reload,
    health: () => ({ sip: sipConnected, store: true, media: media ? media.get() !== undefined : null, configVersion: version }),
  });

  const media = config.freeswitch ? (() => {
    const esl = splitHostPort(config.freeswitch);
    const listen = splitHostPort(config.eslListen);
    return new MediaService({ srf, log: log.child({ component: 'media' }), address: esl.host, port: esl.port, secret: config.freeswitchSecret ?? '', listenAddress: listen.host, listenPort: listen.port });
  })() : undefined;
  callDeps.media = media;
  const ctx: FeatureContext = {
    config, db, log, srf, bus, now, site: () => site, facts, location, auth, calls: callDeps, http, featureCodes, media, adminToken: secrets.adminToken, pinGuard: new PinGuard(),
    addExecutor: (kind, fn) => { (executors as Record<string, unknown>)[kind] = fn; },
    addIdentifier: (fn) => { identifiers.push(fn); },
    onStart: (fn) => { starters.push(fn); },
    onStop: (fn) => { stoppers.push(fn); },
  };
  // First in the middleware stack: every request's control connection has its writes coalesced.
  srf.use((req, _res, next) => {
    coalesceWrites(req.socket);
    next();
  });
  srf.register(registrar({ auth, location, now, log: log.child({ component: 'registrar' }) }));
  for (const feature of features) await feature(ctx);
  srf.invite(inviteHandler(callDeps));
  // Phones qualify their registrar with OPTIONS; answer without a challenge (RFC 3261 §11.2).
  srf.options((_req, res) => res.send(200, { headers: { Allow: 'INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, REFER, NOTIFY, INFO, UPDATE, SUBSCRIBE, MESSAGE' } }));
  // Event packages no feature took (RFC 6665 §4.2.2: 489 Bad Event).
  srf.subscribe((_req, res) => res.send(489, 'Bad Event'));
  let sweep: NodeJS.Timeout | undefined;

  return {
    bus, location, reload,
    site: () => site,
    async start() {
      const drachtio = splitHostPort(config.drachtio ?? '127.0.0.1:9022');
      srf.connect({ host: drachtio.host, port: drachtio.port, secret: config.drachtioSecret ?? '' });
      media?.start(0);
      sweep = setInterval(() => location.sweep(now()), 1000);
      sweep.unref();
      keepalive.start();
      const hp = splitHostPort(config.httpListen);
      await http.listen({ host: hp.host, port: hp.port });
      for (const fn of starters) await fn();
      // Calls that need prompts work from the first moment "running" is printed (the media server
      // keeps being retried in the background if it is late).
      if (media && !(await media.ready(10_000))) log.warn('media server not connected yet; prompts and voicemail wait for it');
      const addr = http.server.address();
      return { httpPort: typeof addr === 'object' && addr ? addr.port : hp.port };
    },
    async stop() {
      for (const fn of stoppers) {
        const t0 = now();
        await fn();
        log.debug({ ms: now() - t0, stopper: fn.name || 'anonymous' }, 'feature stopped');
      }
      media?.stop();
      await bindingWriter.flush();
      await recorder.flush();
      if (sweep) clearInterval(sweep);
      keepalive.stop();
      srf.disconnect();
      log.debug('closing http');
      await http.close();
      log.debug('http closed');
    },
  };
}

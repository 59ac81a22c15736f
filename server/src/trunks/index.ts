/**
 * Carrier trunks and caller-ID masking (issue 8): registration at carriers, inbound calls from a
 * trunk, the `trunk`, `forward` and `emergency` route steps, forwarding feature codes and the
 * call-through service. Every leg toward a carrier presents what the pure caller-ID policy
 * (callerid/) decides; docs/caller-id-policy.md has the rules.
 */
import type { Feature, FeatureContext } from '../feature.js';
import { loadSecrets } from '../lib/secrets.js';
import { maskPhoneForLog } from '../callerid/index.js';
import { TrunkRegistrations } from './registrations.js';
import { TrunkAddresses, emergencyIdentifier, trunkIdentifier } from './identify.js';
import { forwardExecutor, outboundExecutor } from './executors.js';
import { EmergencyCallbacks, emergencyExecutor, placeEmergencyCall } from './emergency.js';
import { forwardClearHandler, forwardSetHandler, loadForwardings, saveForwarding, type Forwarding } from './forwarding.js';
import { callThroughHandler, type DigitCollector } from './call-through.js';
import { mediaDigitCollector } from './call-through-media.js';
import { parseNetworks } from './networks.js';
import { trunkRoutes, trunkStatuses } from './http.js';

export type { DigitCollector } from './call-through.js';
export type { TrunkStatus } from './http.js';
export type { RegistrationStatus } from './registrations.js';
export { externalRingTarget, mobileRingTarget, type ExternalRingTarget } from './mobile.js';

/** Options of the trunk feature. */
export interface TrunkFeatureOptions {
  /** Where call-through reads the PIN and number; default: the media server, while connected. */
  readonly digits?: () => DigitCollector | undefined;
}

/** The trunk feature with options. */
export function createTrunksFeature(options: TrunkFeatureOptions = {}): Feature {
  return async (ctx: FeatureContext) => {
    const log = ctx.log.child({ component: 'trunks' }, {
      // CONVENTIONS §2.6: no line logs the other party's number (presence.md §5.3 test 16); should a
      // `phone` field slip in, it shows our own numbers only, every other number masked: it may be
      // a citizen's or a member of staff's private mobile (issue 8 item 7).
      serializers: { phone: (v: unknown) => (typeof v === 'string' ? maskPhoneForLog(v, ctx.site().numbers.blocks) : v) },
    });
    const secrets = loadSecrets(ctx.config.dataDir);
    const offices = parseNetworks(ctx.config.officeNetworks);
    if (offices.invalid.length > 0) log.warn({ invalid: offices.invalid }, 'ZENTRALE_OFFICE_NETWORKS entries ignored');

    // Registration and the addresses inbound calls are recognised by follow the site config.
    const registrations = new TrunkRegistrations({ srf: ctx.srf, log, now: ctx.now, bus: ctx.bus });
    const addresses = new TrunkAddresses(log);
    await addresses.refresh(ctx.site());
    let connected = false;
    ctx.srf.on('connect', () => {
      if (connected) return;
      connected = true;
      registrations.sync(ctx.site());
    });
    ctx.bus.on('config.applied', () => {
      addresses.refresh(ctx.site()).catch((err: unknown) => log.error({ err }, 'resolving trunk hosts failed'));
      if (connected) registrations.sync(ctx.site());
    });
    ctx.onStop(() => registrations.stop());

    ctx.addIdentifier(trunkIdentifier(ctx.site, addresses, log));
    ctx.addIdentifier(emergencyIdentifier({
      site: ctx.site, nonceSecret: secrets.nonceSecret, now: ctx.now, log: log.child({ component: 'emergency-auth' }),
      algorithms: ctx.config.digestAlgorithms,
    }));

    const deps = { log, officeNetworks: offices };
    ctx.addExecutor('trunk', outboundExecutor(deps));
    ctx.addExecutor('forward', forwardExecutor(deps));
    const emergencyDeps = { ...deps, bus: ctx.bus, facts: ctx.facts, now: ctx.now };
    const callbacks = new EmergencyCallbacks(ctx.facts, ctx.now);
    ctx.addExecutor('emergency', emergencyExecutor(emergencyDeps, callbacks));

    // Forwarding by feature code and CLI, kept in the store over restarts.
    const forwardings = new Map<string, Forwarding>();
    const apply = (extension: string, forwarding: Forwarding) => {
      forwardings.set(extension, forwarding);
      ctx.facts.update(extension, { forwarding });
    };
    const reload = async (extension?: string) => {
      const stored = await loadForwardings(ctx.db, extension);
      for (const [ext, r] of stored) {
        if (!r.ok) log.warn({ extension: ext }, 'stored forwarding unreadable: ignored');
        apply(ext, r.forwarding);
      }
      return extension === undefined ? undefined : (forwardings.get(extension) ?? {});
    };
    await reload();
    const state = {
      get: (ext: string) => forwardings.get(ext) ?? {},
      set: async (ext: string, forwarding: Forwarding) => {
        await saveForwarding(ctx.db, ext, forwarding, ctx.now());
        apply(ext, forwarding);
      },
    };
    ctx.featureCodes.add('forward-set', forwardSetHandler(state));
    ctx.featureCodes.add('forward-clear', forwardClearHandler(state));
    const fromMedia = mediaDigitCollector(log.child({ component: 'call-through' }));
    ctx.featureCodes.add('call-through', callThroughHandler({
      collector: options.digits ?? (() => (ctx.media?.get() ? fromMedia : undefined)),
      emergency: (call, e) => placeEmergencyCall(emergencyDeps, callbacks, call, e),
      guard: ctx.pinGuard,
      now: ctx.now,
    }));

    trunkRoutes(ctx, {
      adminToken: secrets.adminToken,
      statuses: () => trunkStatuses(ctx.site(), (id) => registrations.status(id)),
      reloadForwarding: (ext) => reload(ext),
    });
  };
}

/** The trunk feature as listed in features.ts. */
export const trunksFeature: Feature = createTrunksFeature();

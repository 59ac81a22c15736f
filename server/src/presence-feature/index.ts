/**
 * Presence with privacy (issue 9), the adapter around the pure core in presence/: facts from the
 * bus (registrations, call legs, hotline agent states), feature codes, CLI and API into one hub; SUBSCRIBE/NOTIFY for BLF, PIDF and MWI; directed
 * pickup by feature code and by INVITE/Replaces with a per-watcher token; the team panel, the
 * switchboard and the API. Every channel renders only what `projectPresence` returns.
 */
import type { Feature, FeatureContext } from '../feature.js';
import type { EventBus } from '../events/bus.js';
import { loadSecrets } from '../lib/secrets.js';
import { PresenceHub } from './hub.js';
import { PresenceState } from './state.js';
import { PickupTokens } from './sip/pickup-tokens.js';
import { SubscriptionManager } from './sip/subscriptions.js';
import type { Counts } from './sip/subscriptions.js';
import { SrfNotifyTransport } from './sip/transport.js';
import { subscribeHandler } from './sip/subscribe-handler.js';
import { deleteSubscription, loadSubscriptions, saveSubscription, touchSubscription } from './store.js';
import { WriteQueue } from './write-queue.js';
import { dndFeature, pickupFeature, replacesIdentifier } from './sip/call-features.js';
import { presenceHttp } from './http/routes.js';
import { AgentFeed } from './agents.js';
import { loadAgents } from '../hotlines/hotline-store.js';

/**
 * Tells presence the voicemail counts of a mailbox (the voicemail feature calls this; until it
 * does, MWI NOTIFYs say 0/0). Counts only: message details never reach presence.
 */
export function setMessageCounts(bus: EventBus, extension: string, counts: Counts): void {
  bus.emit('voicemail.counts', { extension, newCount: counts.newCount, oldCount: counts.oldCount });
}

/** The presence feature. */
export const presenceFeature: Feature = async (ctx: FeatureContext) => {
  const log = ctx.log.child({ component: 'presence' });
  const hub = new PresenceHub(ctx.now, log);
  const state = new PresenceState({ db: ctx.db, hub, facts: ctx.facts, bus: ctx.bus, location: ctx.location, site: ctx.site, now: ctx.now, log });
  const tokens = new PickupTokens(loadSecrets(ctx.config.dataDir).nonceSecret);
  const writes = new WriteQueue(ctx.db, log);
  const counts = new Map<string, Counts>();
  // Only the owner reads a mailbox's counts; delegates come with the voicemail feature (issue 4).
  const mayReadMailbox = (watcher: string, mailbox: string) => watcher === mailbox;
  const manager = new SubscriptionManager({
    hub, site: ctx.site, now: ctx.now, log, tokens,
    transport: new SrfNotifyTransport(ctx.srf, log),
    store: {
      save: (s) => writes.push((db) => saveSubscription(db, s)),
      touch: (id, at) => writes.push((db) => touchSubscription(db, id, at)),
      remove: (id) => writes.push((db) => deleteSubscription(db, id)),
    },
    counts: (m) => counts.get(m) ?? { newCount: 0, oldCount: 0 },
    mayReadMailbox,
  });
  await state.load();
  // Agents logged in before a restart: the hotline feature restores them from the same rows.
  const agents = new AgentFeed(hub, ctx.site);
  agents.restore(await loadAgents(ctx.db));
  hub.onChange((user) => manager.userChanged(user));
  ctx.bus.on('acd.command', (c) => agents.command(c));

  ctx.bus.on('registration.changed', (e) => {
    state.devicesOf(e.extension);
    if (e.reason !== 'registered' && e.reason !== 'refreshed' && ctx.location.ofAor(e.aor, ctx.now()).length === 0) {
      manager.deviceGone(e.aor, e.extension);
    }
  });
  ctx.bus.on('user.leg', (e) => state.leg(e));
  const ruleListeners = new Set<() => void>();
  ctx.bus.on('config.applied', () => {
    state.refreshForwards();
    agents.refresh();
    manager.rulesChanged();
    for (const fn of ruleListeners) fn();
  });
  ctx.bus.on('voicemail.counts', (e) => {
    counts.set(e.extension, { newCount: e.newCount, oldCount: e.oldCount });
    manager.countsChanged(e.extension);
  });

  ctx.srf.subscribe(subscribeHandler({
    srf: ctx.srf, auth: ctx.auth, location: ctx.location, site: ctx.site, now: ctx.now, log, manager, mayReadMailbox,
  }));
  ctx.featureCodes.add('dnd', dndFeature(state));
  ctx.featureCodes.add('pickup', pickupFeature(ctx));
  ctx.addIdentifier(replacesIdentifier(ctx, tokens));
  presenceHttp(ctx, {
    hub, state, tokens, log,
    onRules: (fn) => {
      ruleListeners.add(fn);
      return () => ruleListeners.delete(fn);
    },
  });

  // Subscriptions from before a restart: once connected to the SIP engine, tell each phone the
  // state and to re-subscribe (terminated;reason=deactivated).
  let restored = false;
  ctx.srf.on('connect', () => {
    if (restored) return;
    restored = true;
    loadSubscriptions(ctx.db, ctx.now()).then((rows) => {
      if (rows.length > 0) log.info({ subscriptions: rows.length }, 'subscriptions from before the restart deactivated');
      manager.restore(rows);
    }).catch((err: unknown) => log.error({ err }, 'restoring subscriptions failed'));
  });
  ctx.onStop(async () => {
    manager.stop();
    hub.stop();
    await writes.drain();
  });
};

/**
 * The notifier side of RFC 6665 for presence: every live subscription, indexed by watched user,
 * and the NOTIFYs they need. A change of a user's facts re-projects for each watcher; only when
 * `notifyNeeded` says the body would change does a NOTIFY go out (a hidden fact changes nothing
 * on the wire, reference/presence.md §5.3 test 9). One NOTIFY per subscription is in flight at a
 * time; changes meanwhile are coalesced into the next one, so a slow phone cannot pile up a
 * queue. A NOTIFY that fails (timeout, 481, any error) ends the subscription instead of leaving
 * a lamp frozen on a stale state (reference §1.1, [PJ1895]).
 */
import type { Logger } from 'pino';
import type { SiteConfig } from '../../config/dialplan/index.js';
import type { Projection, UserKey } from '../../presence/index.js';
import { notifyNeeded, opaqueId, projectPresence, renderDialogInfo, renderMessageSummary, renderPidf } from '../../presence/index.js';
import type { PresenceHub } from '../hub.js';
import { rulesOf } from '../hub.js';
import type { StoredSubscription } from '../store.js';
import { CONTENT_TYPE } from './packages.js';
import type { EventPackage } from './packages.js';
import type { PickupTokens } from './pickup-tokens.js';
import type { NotifyTransport, Subscription } from './subscription.js';

/** Voicemail counts of a mailbox. */
export interface Counts {
  readonly newCount: number;
  readonly oldCount: number;
}

/** RFC 6665 §4.2.2 reasons we end subscriptions with. */
export type TerminationReason = 'timeout' | 'deactivated' | 'rejected' | 'noresource';

/** Persistence of subscriptions (writes are ordered by the caller; failures are logged there). */
export interface SubscriptionStore {
  save(s: StoredSubscription): void;
  touch(id: string, expiresAt: number): void;
  remove(id: string): void;
}

/** What the manager needs. */
export interface SubscriptionDeps {
  readonly hub: PresenceHub;
  readonly site: () => SiteConfig;
  readonly now: () => number;
  readonly log: Logger;
  readonly transport: NotifyTransport;
  readonly tokens: PickupTokens;
  readonly store: SubscriptionStore;
  /** Voicemail counts of a mailbox (0/0 until the voicemail feature provides them). */
  readonly counts: (mailbox: UserKey) => Counts;
  /** Mailbox owner and delegates (reference §5.3 test 14). */
  readonly mayReadMailbox: (watcher: UserKey, mailbox: UserKey) => boolean;
  /** Called when a NOTIFY has been handed to the transport (bench measurements). */
  readonly onNotify?: (sub: Subscription) => void;
}

/** What a new subscription starts from. */
export type NewSubscription = Omit<Subscription, 'version' | 'lastProjection' | 'lastCounts' | 'inFlight' | 'dirty' | 'force' | 'ended' | 'timer' | 'opaque' | 'pickupToken'> & {
  /** The device had a binding when it subscribed: its subscriptions end when the last one goes. */
  readonly boundDevice: boolean;
};

type Live = Subscription & { readonly boundDevice: boolean };

type Rendered =
  | { readonly kind: 'refused' }
  | { readonly kind: 'gone' }
  | { readonly kind: 'state'; readonly changed: boolean; readonly commit: () => void; readonly body: (version: number) => string };

function channelOf(pkg: EventPackage): 'sip-dialog' | 'sip-presence' {
  return pkg === 'dialog' ? 'sip-dialog' : 'sip-presence';
}

/** Every live subscription and the NOTIFYs they need. */
export class SubscriptionManager {
  private readonly byId = new Map<string, Live>();
  private readonly byDialog = new Map<string, Live>();
  private readonly byTarget = new Map<UserKey, Set<Live>>();
  private readonly byWatcher = new Map<UserKey, Set<Live>>();

  constructor(private readonly deps: SubscriptionDeps) {}

  /** Number of live subscriptions. */
  get size(): number {
    return this.byId.size;
  }

  /** Live subscriptions on one watched user (tests, bench). */
  on(target: UserKey): readonly Subscription[] {
    return [...(this.byTarget.get(target) ?? [])];
  }

  /** Starts a subscription and sends its initial NOTIFY (RFC 6665 §4.2.1.2). */
  add(init: NewSubscription): Subscription {
    const sub: Live = fresh(init);
    this.byId.set(sub.id, sub);
    this.byDialog.set(sub.stored.dialog_id, sub);
    index(this.byTarget, sub.target, sub);
    index(this.byWatcher, sub.watcher, sub);
    this.schedule(sub);
    this.deps.store.save({ ...sub.stored, expires_at: sub.expiresAt });
    this.pump(sub);
    return sub;
  }

  /** A fetch (`Expires: 0` on a new subscription): one NOTIFY with the state, then the end. */
  fetch(init: NewSubscription): void {
    const sub: Live = fresh(init);
    this.finish(sub, 'timeout', true);
  }

  /** A refresh in the dialog: new expiry, and a NOTIFY with the current state. */
  refresh(sub: Subscription, seconds: number): void {
    const live = this.byId.get(sub.id);
    if (!live || live.ended) return;
    live.expiresAt = this.deps.now() + seconds * 1000;
    this.schedule(live);
    this.deps.store.touch(live.id, live.expiresAt);
    live.force = true;
    this.pump(live);
  }

  /** Ends a subscription with a final NOTIFY (`terminated;reason=…`). */
  terminate(sub: Subscription, reason: TerminationReason): void {
    const live = this.byId.get(sub.id);
    if (!live || live.ended) return;
    // A watcher who lost the right to watch gets no state in the final NOTIFY (test 15).
    this.finish(live, reason, reason !== 'rejected' && reason !== 'noresource');
  }

  /** The live subscription of a SIP dialog (drachtio dialog id), for refreshes in the dialog. */
  ofDialog(dialogId: string): Subscription | undefined {
    return this.byDialog.get(dialogId);
  }

  /** A user's facts changed: re-project for each of the user's watchers. */
  userChanged(user: UserKey): void {
    const subs = this.byTarget.get(user);
    if (subs) for (const sub of subs) this.pump(sub);
  }

  /** The rules (teams) changed: narrower projections or `terminated;reason=rejected` (test 15). */
  rulesChanged(): void {
    for (const sub of [...this.byId.values()]) this.pump(sub);
  }

  /** New voicemail counts for a mailbox. */
  countsChanged(mailbox: UserKey): void {
    const subs = this.byTarget.get(mailbox);
    if (subs) for (const sub of subs) if (sub.pkg === 'message-summary') this.pump(sub);
  }

  /** A device has no binding left: its subscriptions end (issue 9 item 3). */
  deviceGone(device: string, watcher: UserKey): void {
    for (const sub of [...(this.byWatcher.get(watcher) ?? [])]) {
      if (sub.boundDevice && sub.watcherDevice === device) this.terminate(sub, 'deactivated');
    }
  }

  /**
   * Subscriptions that outlived a restart of the feature server: tell each subscriber the state
   * and end with `deactivated`, which makes phones re-subscribe at once (RFC 6665 §4.2.2), so
   * the new subscription is authenticated and checked against the rules of now.
   */
  restore(rows: readonly StoredSubscription[]): void {
    for (const row of rows) {
      const pkg = (['dialog', 'presence', 'message-summary'] as const).find((p) => p === row.package);
      if (!pkg) {
        this.deps.store.remove(row.id);
        continue;
      }
      const sub: Live = {
        id: row.id, pkg, event: row.event_header, watcher: row.watcher, watcherDevice: row.watcher_device, target: row.target,
        entity: entityOf(this.deps.site(), row.target), stored: row, expiresAt: row.expires_at, boundDevice: false,
        version: 0, lastProjection: undefined, lastCounts: undefined, inFlight: false, dirty: false, force: true, ended: false, timer: undefined,
        opaque: undefined, pickupToken: undefined,
      };
      this.finish(sub, 'deactivated', true);
    }
  }

  /** Stops expiry timers (the subscriptions stay stored for the next start). */
  stop(): void {
    for (const sub of this.byId.values()) if (sub.timer) clearTimeout(sub.timer);
  }

  private schedule(sub: Live): void {
    if (sub.timer) clearTimeout(sub.timer);
    sub.timer = setTimeout(() => this.terminate(sub, 'timeout'), Math.max(0, sub.expiresAt - this.deps.now()));
    sub.timer.unref();
  }

  private pump(sub: Live): void {
    if (sub.ended) return;
    if (sub.inFlight) {
      sub.dirty = true;
      return;
    }
    sub.dirty = false;
    const r = this.render(sub);
    if (r.kind === 'gone') return this.terminate(sub, 'noresource');
    if (r.kind === 'refused') return this.terminate(sub, 'rejected');
    if (!sub.force && !r.changed) return;
    sub.force = false;
    r.commit();
    const remaining = Math.max(0, Math.ceil((sub.expiresAt - this.deps.now()) / 1000));
    this.send(sub, `active;expires=${remaining}`, r.body(sub.version++), false);
  }

  private render(sub: Live): Rendered {
    const site = this.deps.site();
    if (!site.index.users.has(sub.target)) return { kind: 'gone' };
    if (sub.pkg === 'message-summary') {
      if (!this.deps.mayReadMailbox(sub.watcher, sub.target)) return { kind: 'refused' };
      const c = this.deps.counts(sub.target);
      const key = `${c.newCount}/${c.oldCount}`;
      return {
        kind: 'state', changed: key !== sub.lastCounts, commit: () => { sub.lastCounts = key; },
        body: () => renderMessageSummary({ account: sub.entity, newCount: c.newCount, oldCount: c.oldCount }),
      };
    }
    const channel = channelOf(sub.pkg);
    const p: Projection = projectPresence(this.deps.hub.facts(sub.target), { user: sub.watcher, channel }, rulesOf(site), this.deps.now());
    if (p.kind === 'refused') return { kind: 'refused' };
    return {
      kind: 'state', changed: notifyNeeded(sub.lastProjection, p), commit: () => { sub.lastProjection = p; },
      body: (version) => {
        sub.opaque ??= opaqueId(sub.id);
        const ctx = { entity: sub.entity, subscriptionKey: sub.id, opaqueId: sub.opaque };
        if (sub.pkg !== 'dialog') return renderPidf(p, ctx);
        if (!p.pickup) return renderDialogInfo(p, ctx, version);
        sub.pickupToken ??= this.deps.tokens.tokenFor(sub.watcher, sub.target);
        return renderDialogInfo(p, ctx, version, { token: sub.pickupToken, targetUri: pickupUri(site, sub.target) });
      },
    };
  }

  private finish(sub: Live, reason: TerminationReason, withState: boolean): void {
    this.forget(sub);
    let body = '';
    if (withState) {
      const r = this.render(sub);
      if (r.kind === 'state') body = r.body(sub.version++);
    }
    this.send(sub, `terminated;reason=${reason}`, body, true);
  }

  private forget(sub: Live): void {
    sub.ended = true;
    if (sub.timer) clearTimeout(sub.timer);
    sub.timer = undefined;
    if (this.byId.get(sub.id) === sub) {
      this.byId.delete(sub.id);
      this.byDialog.delete(sub.stored.dialog_id);
      unindex(this.byTarget, sub.target, sub);
      unindex(this.byWatcher, sub.watcher, sub);
    }
    this.deps.store.remove(sub.id);
  }

  private send(sub: Live, state: string, body: string, final: boolean): void {
    const headers: Record<string, string> = { Event: sub.event, 'Subscription-State': state };
    if (body !== '') headers['Content-Type'] = CONTENT_TYPE[sub.pkg];
    sub.inFlight = true;
    this.deps.onNotify?.(sub);
    void this.deps.transport.send(sub, { headers, body }).then((status) => {
      sub.inFlight = false;
      this.deps.log.debug({ subscription: sub.id, watcher: sub.watcher, target: sub.target, event: sub.pkg, status, final }, 'NOTIFY answered');
      if (final) return;
      if (status >= 200 && status < 300) {
        if (sub.dirty) this.pump(sub);
        return;
      }
      // RFC 6665 §4.1.2.2 from the notifier's side: a NOTIFY answered 481, timed out, or failed
      // removes the subscription. One last NOTIFY (`terminated;reason=deactivated`, no body)
      // lets the SIP engine free the dialog and tells a phone that still listens to subscribe
      // again at once; else it does so at its next refresh at the latest.
      this.deps.log.warn({ subscription: sub.id, status }, 'NOTIFY failed; subscription ended');
      this.forget(sub);
      this.send(sub, 'terminated;reason=deactivated', '', true);
    });
  }
}

function fresh(init: NewSubscription): Live {
  return {
    ...init, version: 0, lastProjection: undefined, lastCounts: undefined, inFlight: false, dirty: false, force: true, ended: false, timer: undefined,
    opaque: undefined, pickupToken: undefined,
  };
}

/** The `entity` of a watched user's documents: the user's address of record at the site domain. */
export function entityOf(site: SiteConfig, target: UserKey): string {
  return `sip:${target}@${site.site.domain}`;
}

/** The URI a phone sends a plain pickup INVITE to: the pickup feature code plus the extension. */
export function pickupUri(site: SiteConfig, target: UserKey): string {
  return `sip:${site.featureCodes.pickup}${target}@${site.site.domain}`;
}

function index(map: Map<UserKey, Set<Live>>, key: UserKey, sub: Live): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(sub);
}

function unindex(map: Map<UserKey, Set<Live>>, key: UserKey, sub: Live): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(sub);
  if (set.size === 0) map.delete(key);
}

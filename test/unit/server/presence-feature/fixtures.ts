/** Shared pieces of the presence-feature unit tests: the presence test site, a hub, a recording transport. */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { loadDialplan, type SiteConfig } from '../../../../server/src/config/dialplan/index.js';
import { PresenceHub } from '../../../../server/src/presence-feature/hub.js';
import { PickupTokens } from '../../../../server/src/presence-feature/sip/pickup-tokens.js';
import { SubscriptionManager, type Counts } from '../../../../server/src/presence-feature/sip/subscriptions.js';
import type { NewSubscription } from '../../../../server/src/presence-feature/sip/subscriptions.js';
import type { NotifyContent, NotifyTransport, Subscription } from '../../../../server/src/presence-feature/sip/subscription.js';
import type { StoredSubscription } from '../../../../server/src/presence-feature/store.js';

/** The presence test site (test/fixtures/dialplans/e2e/presence.yaml). */
export function presenceSite(patch?: (yaml: string) => string): SiteConfig {
  const path = 'test/fixtures/dialplans/e2e/presence.yaml';
  const text = readFileSync(path, 'utf8');
  const r = loadDialplan([{ path, text: patch ? patch(text) : text }]);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** A NOTIFY the transport was asked to send. */
export interface Sent extends NotifyContent {
  readonly sub: Subscription;
  /** Completes the NOTIFY with a final status. */
  answer(status: number): void;
}

/** A transport that records NOTIFYs; each stays in flight until the test answers it (or auto-200). */
export class RecordingTransport implements NotifyTransport {
  readonly sent: Sent[] = [];
  auto: number | undefined = 200;

  send(sub: Subscription, content: NotifyContent): Promise<number> {
    return new Promise((resolve) => {
      this.sent.push({ ...content, sub, answer: resolve });
      if (this.auto !== undefined) queueMicrotask(() => resolve(this.auto!));
    });
  }

  /** NOTIFYs to one subscription. */
  to(id: string): Sent[] {
    return this.sent.filter((s) => s.sub.id === id);
  }
}

/** Waits for queued microtasks (auto answers) to run. */
export const settle = () => new Promise<void>((r) => setImmediate(r));

/** A manager on the presence site with a recording transport and an in-memory "store". */
export function managerFor(site: () => SiteConfig, opts: { now?: () => number } = {}) {
  const now = opts.now ?? (() => 1_800_000_000_000);
  const log = pino({ level: 'silent' });
  const hub = new PresenceHub(now, log);
  const transport = new RecordingTransport();
  const stored = new Map<string, StoredSubscription>();
  const counts = new Map<string, Counts>();
  const tokens = new PickupTokens('unit-test-secret');
  const manager = new SubscriptionManager({
    hub, site, now, log, transport, tokens,
    store: { save: (s) => stored.set(s.id, s), touch: (id, at) => { const s = stored.get(id); if (s) stored.set(id, { ...s, expires_at: at }); }, remove: (id) => stored.delete(id) },
    counts: (m) => counts.get(m) ?? { newCount: 0, oldCount: 0 },
    mayReadMailbox: (w, m) => w === m,
  });
  hub.onChange((u) => manager.userChanged(u));
  let n = 0;
  const subscribe = (watcher: string, target: string, pkg: 'dialog' | 'presence' | 'message-summary' = 'dialog', extra: Partial<NewSubscription> = {}): Subscription => {
    const id = `sub-${++n}`;
    return manager.add({
      id, pkg, event: pkg, watcher, watcherDevice: watcher, target, entity: `sip:${target}@presence.zentrale.test`,
      stored: storedRow(id, pkg, watcher, target), expiresAt: now() + 600_000, boundDevice: true, ...extra,
    });
  };
  return { hub, transport, manager, stored, counts, tokens, subscribe, now };
}

/** A store row as the SUBSCRIBE handler writes it. */
export function storedRow(id: string, pkg: string, watcher: string, target: string): StoredSubscription {
  return {
    id, dialog_id: `dlg-${id}`, package: pkg, event_header: pkg, watcher, watcher_device: watcher, target,
    call_id: `cid-${id}`, local_tag: 'lt', remote_tag: 'rt', local_uri: `<sip:${target}@presence.zentrale.test>`, remote_uri: `<sip:${watcher}@presence.zentrale.test>`,
    remote_target: `sip:${watcher}@127.0.0.1:5999`, local_contact: '<sip:127.0.0.1:5060>', route_set: '[]', flow: 'sip:127.0.0.1:5999',
    subscribe_cseq: 2, expires_at: 1_800_000_600_000, created_at: 1_800_000_000_000,
  };
}

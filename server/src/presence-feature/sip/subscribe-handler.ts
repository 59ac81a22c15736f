/**
 * SUBSCRIBE for `dialog` (BLF), `presence` and `message-summary` (RFC 6665, 4235, 3856, 3842).
 * Other packages fall through to the server's 489. A new subscription is digest-authenticated
 * (407), checked against the rules (403 for users the watcher may not watch, whatever the
 * reason, so a refusal tells nothing about the watched user), answered by srf's createUAS, and
 * followed by the initial NOTIFY. Refreshes and `Expires: 0` come back to this middleware and are
 * matched to the subscription by their drachtio dialog id (`inDialog`).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { SiteConfig } from '../../config/dialplan/index.js';
import type { UserKey } from '../../presence/index.js';
import { mayWatch } from '../../presence/index.js';
import type { DigestAuthenticator } from '../../sip/registrar/authenticator.js';
import type { LocationService } from '../../sip/registrar/location.js';
import type { Middleware, SrfApp, SrfDialog, SrfRequest, SrfResponse } from '../../sip/srf-types.js';
import { rulesOf } from '../hub.js';
import type { StoredSubscription } from '../store.js';
import { ALLOW_EVENTS, CONTENT_TYPE, EXPIRES, accepts, decideExpiry, parseEvent, userOf, withoutTag } from './packages.js';
import type { EventPackage } from './packages.js';
import type { NewSubscription, SubscriptionManager } from './subscriptions.js';
import { entityOf } from './subscriptions.js';

/** What the SUBSCRIBE handler needs. */
export interface SubscribeDeps {
  readonly srf: SrfApp;
  readonly auth: DigestAuthenticator;
  readonly location: LocationService;
  readonly site: () => SiteConfig;
  readonly now: () => number;
  readonly log: Logger;
  readonly manager: SubscriptionManager;
  readonly mayReadMailbox: (watcher: UserKey, mailbox: UserKey) => boolean;
}

function hasToTag(req: SrfRequest): boolean {
  return /;\s*tag=/i.test(req.get('To') ?? '');
}

function mayWatchPackage(deps: SubscribeDeps, pkg: EventPackage, watcher: UserKey, target: UserKey): boolean {
  const site = deps.site();
  if (!site.index.users.has(target)) return false;
  if (pkg === 'message-summary') return deps.mayReadMailbox(watcher, target);
  return mayWatch({ user: watcher }, target, rulesOf(site));
}

/** The SUBSCRIBE middleware. */
export function subscribeHandler(deps: SubscribeDeps): Middleware {
  return (req, res, next) => {
    const event = parseEvent(req.get('Event'));
    if (!event) {
      next();
      return;
    }
    handle(deps, req, res, event).catch((err: unknown) => {
      deps.log.error({ err }, 'SUBSCRIBE handling failed');
      if (!res.finalResponseSent) res.send(500);
    });
  };
}

async function handle(deps: SubscribeDeps, req: SrfRequest, res: SrfResponse, event: { pkg: EventPackage; echo: string }): Promise<void> {
  if (hasToTag(req)) {
    inDialog(deps, req, res);
    return;
  }
  const who = deps.auth.authenticate(req, res, true);
  if (!who.ok) return;
  const watcher = who.user.extension;
  const target = userOf(req.uri);
  if (target === undefined || !mayWatchPackage(deps, event.pkg, watcher, target)) {
    res.send(403, 'Forbidden');
    return;
  }
  if (!accepts(req.get('Accept'), event.pkg)) {
    res.send(406, { headers: { Accept: CONTENT_TYPE[event.pkg] } });
    return;
  }
  const expiry = decideExpiry(req.get('Expires'));
  if (expiry.kind === 'bad') {
    res.send(400, 'Bad Expires');
    return;
  }
  if (expiry.kind === 'too-brief') {
    res.send(423, { headers: { 'Min-Expires': String(EXPIRES.min) } });
    return;
  }
  if (!req.has('Contact')) {
    res.send(400, 'Missing Contact');
    return;
  }
  const seconds = expiry.kind === 'grant' ? expiry.seconds : 0;
  const dialog = await deps.srf.createUAS(req, res, { headers: { Expires: String(seconds), 'Allow-Events': ALLOW_EVENTS } });
  forgetSrfDialog(deps.srf, dialog);
  const now = deps.now();
  const device = who.device.username;
  const id = randomUUID();
  const init: NewSubscription = {
    id, pkg: event.pkg, event: event.echo, watcher, watcherDevice: device, target,
    entity: entityOf(deps.site(), target), expiresAt: now + seconds * 1000,
    stored: storedOf(dialog, req, { id, pkg: event.pkg, echo: event.echo, watcher, device, target, expiresAt: now + seconds * 1000, now }),
    boundDevice: deps.location.ofAor(device, now).length > 0,
  };
  if (expiry.kind === 'fetch') {
    deps.manager.fetch(init);
    return;
  }
  const sub = deps.manager.add(init);
  deps.log.debug({ subscription: sub.id, event: event.pkg, watcher, target }, 'subscription started');
}

/**
 * A SUBSCRIBE in an existing subscription dialog: refresh or, with `Expires: 0`, unsubscribe
 * (RFC 6665 §4.2.1.2, §4.2.1.4). srf keeps no dialog object for subscriptions (see
 * `forgetSrfDialog`), so the request arrives here and is matched by its drachtio dialog id. One
 * the PBX does not know (ended, or from before a restart) gets 481, and the phone starts a new
 * subscription (RFC 6665 §4.1.2.2).
 */
function inDialog(deps: SubscribeDeps, req: SrfRequest, res: SrfResponse): void {
  const sub = req.stackDialogId ? deps.manager.ofDialog(req.stackDialogId) : undefined;
  if (!sub) {
    res.send(481, 'Subscription Does Not Exist');
    return;
  }
  const e = decideExpiry(req.get('Expires'));
  if (e.kind === 'fetch') {
    res.send(200, { headers: { Expires: '0' } });
    deps.manager.terminate(sub, 'timeout');
    return;
  }
  if (e.kind === 'too-brief') return res.send(423, { headers: { 'Min-Expires': String(EXPIRES.min) } });
  if (e.kind === 'bad') return res.send(400, 'Bad Expires');
  // The rules may have changed since: a refresh re-checks them (reference §5.3 test 15).
  if (!mayWatchPackage(deps, sub.pkg, sub.watcher, sub.target)) {
    res.send(403, 'Forbidden');
    deps.manager.terminate(sub, 'rejected');
    return;
  }
  res.send(200, { headers: { Expires: String(e.seconds) } });
  deps.manager.refresh(sub, e.seconds);
}

/**
 * srf keeps the request and response of every dialog it created, several kilobytes each; for
 * 40,000 BLF subscriptions that is hundreds of megabytes and garbage-collection pauses of
 * hundreds of milliseconds, which delay NOTIFYs. The SIP engine keeps the dialog; NOTIFYs name it
 * by its id (drachtio's `sip||<dialog id>`) and refreshes are matched by it (`inDialog`).
 */
function forgetSrfDialog(srf: SrfApp, dialog: SrfDialog): void {
  srf.removeDialog(dialog);
  dialog.removeAllListeners();
}

function storedOf(
  dialog: SrfDialog, req: SrfRequest,
  s: { id: string; pkg: EventPackage; echo: string; watcher: string; device: string; target: string; expiresAt: number; now: number },
): StoredSubscription {
  const transport = /^tcp$/i.test(req.protocol) ? ';transport=tcp' : '';
  const cseq = Number.parseInt(req.get('CSeq') ?? '0', 10);
  return {
    id: s.id, dialog_id: dialog.id, package: s.pkg, event_header: s.echo, watcher: s.watcher, watcher_device: s.device, target: s.target,
    call_id: dialog.sip.callId, local_tag: dialog.sip.localTag, remote_tag: dialog.sip.remoteTag,
    local_uri: withoutTag(req.get('To') ?? ''), remote_uri: withoutTag(req.get('From') ?? ''), remote_target: dialog.remote.uri,
    local_contact: dialog.local.contact, route_set: JSON.stringify(recordRoutes(req)),
    flow: `sip:${req.source_address}:${req.source_port}${transport}`, subscribe_cseq: Number.isFinite(cseq) ? cseq : 0,
    expires_at: s.expiresAt, created_at: s.now,
  };
}

function recordRoutes(req: SrfRequest): string[] {
  const rr = req.get('Record-Route');
  if (!rr) return [];
  return rr.split(/,(?=\s*<)/).map((x) => x.trim()).filter((x) => x !== '');
}

// NOTIFY bodies and API payloads made from a projection, and nothing else: the renderers never
// see facts, so a body cannot carry a fact the projection dropped (reference/presence.md §5.1).
import { createHash } from 'node:crypto';
import type { UserKey } from './facts.js';
import type { Channel, Projection, ProjectedForward, ProjectedState, VisibleProjection } from './project.js';

/** What the dialog-info and PIDF renderers need besides the projection. */
export interface SubscriptionContext {
  /** The watched user's URI as in the SUBSCRIBE Request-URI (`entity` of RFC 4235 / RFC 3863). */
  readonly entity: string;
  /**
   * A key of this subscription chosen by the caller (e.g. its dialog id). The opaque dialog and
   * tuple ids are derived from it alone: stable for the whole subscription, unrelated to any call.
   */
  readonly subscriptionKey: string;
  /** `opaqueId(subscriptionKey)` if the caller keeps it (it is a hash; fan-outs render often). */
  readonly opaqueId?: string;
}

/** The per-watcher pickup handle the adapter issued for a ringing projection with `pickup`. */
export interface PickupHandle {
  /** Unguessable token, sent as the dialog's call-id; an INVITE with Replaces must quote it. */
  readonly token: string;
  /** Where the phone sends a plain pickup INVITE (remote target method, reference §1.5). */
  readonly targetUri: string;
}

const ANONYMOUS = 'sip:anonymous@anonymous.invalid';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The opaque id used for the one `<dialog>` (and the PIDF tuple) of a subscription: a hash of
 * the subscription key, so it is never derived from a Call-ID or channel UUID (§5.3 test 1).
 */
export function opaqueId(subscriptionKey: string): string {
  return `z${createHash('sha256').update(subscriptionKey).digest('hex').slice(0, 24)}`;
}

function visible(projection: Projection, channel: Channel): VisibleProjection {
  if (projection.kind !== 'visible') throw new Error('presence: cannot render a refused projection');
  if (projection.channel !== channel) throw new Error(`presence: ${projection.channel} projection rendered for ${channel}`);
  return projection;
}

type DialogBodyState = 'terminated' | 'confirmed' | 'early';

// §5.1: idle is one dialog in `terminated` (Bria-type clients need a dialog, reference §1.2);
// unreachable is encoded as busy, since dialog-info cannot say "not here" and a green lamp
// for an absent colleague would mislead.
const DIALOG_STATE: Readonly<Record<ProjectedState, DialogBodyState>> = {
  available: 'terminated', busy: 'confirmed', unreachable: 'confirmed', ringing: 'early',
};

/**
 * RFC 4235 `application/dialog-info+xml` body, always `state="full"` with exactly one dialog.
 * It carries the state only: no direction, call-id, tags or identities, except for a ringing
 * projection with pickup, which carries the watcher's pickup token as call-id, an anonymous
 * remote identity and the pickup URI as remote target (§5.1). `version` is the subscription's
 * counter (RFC 4235 §4.1: starts at 0, +1 per NOTIFY).
 */
export function renderDialogInfo(projection: Projection, ctx: SubscriptionContext, version: number, pickup?: PickupHandle): string {
  const p = visible(projection, 'sip-dialog');
  if (!Number.isInteger(version) || version < 0) throw new RangeError(`presence: bad dialog-info version ${version}`);
  const state = DIALOG_STATE[p.state];
  const id = escapeXml(ctx.opaqueId ?? opaqueId(ctx.subscriptionKey));
  const entity = escapeXml(ctx.entity);
  const lines = [
    `<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="full" entity="${entity}">`,
  ];
  if (p.pickup) {
    if (pickup === undefined) throw new Error('presence: ringing projection with pickup needs a pickup handle');
    const token = escapeXml(pickup.token);
    lines.push(
      `  <dialog id="${id}" call-id="${token}" local-tag="zl" remote-tag="zr" direction="recipient">`,
      `    <state>${state}</state>`,
      `    <local>`, `      <identity>${entity}</identity>`, `      <target uri="${entity}"/>`, `    </local>`,
      `    <remote>`, `      <identity>${ANONYMOUS}</identity>`, `      <target uri="${escapeXml(pickup.targetUri)}"/>`, `    </remote>`,
      `  </dialog>`,
    );
  } else {
    lines.push(`  <dialog id="${id}">`, `    <state>${state}</state>`, `  </dialog>`);
  }
  lines.push('</dialog-info>');
  return `${XML_HEAD}${lines.join('\n')}\n`;
}

/**
 * RFC 3863 `application/pidf+xml` body: `basic` open (available, busy, ringing) or closed
 * (unreachable); busy and ringing add RFC 4480 `rpid:on-the-phone`, which baresip and others
 * map to busy (reference §2). A `<note>` only when the projection carries the user's shared
 * note. Never a timestamp, `from`/`until`, mood or user-input (§5.3 test 7).
 */
export function renderPidf(projection: Projection, ctx: SubscriptionContext): string {
  const p = visible(projection, 'sip-presence');
  const id = ctx.opaqueId ?? opaqueId(ctx.subscriptionKey);
  const onThePhone = p.state === 'busy' || p.state === 'ringing';
  const ns = onThePhone
    ? ' xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid"'
    : '';
  const lines = [
    `<presence xmlns="urn:ietf:params:xml:ns:pidf"${ns} entity="${escapeXml(ctx.entity)}">`,
    `  <tuple id="${id}">`,
    `    <status>`, `      <basic>${p.state === 'unreachable' ? 'closed' : 'open'}</basic>`, `    </status>`,
    `  </tuple>`,
  ];
  if (p.note !== undefined) lines.push(`  <note>${escapeXml(p.note)}</note>`);
  if (onThePhone) {
    lines.push(`  <dm:person id="p${id}">`, `    <rpid:activities>`, `      <rpid:on-the-phone/>`, `    </rpid:activities>`, `  </dm:person>`);
  }
  lines.push('</presence>');
  return `${XML_HEAD}${lines.join('\n')}\n`;
}

/** Voicemail counts of one mailbox for RFC 3842; counts only, never per-message headers. */
export interface MessageCounts {
  /** The mailbox's account URI (`Message-Account`). */
  readonly account: string;
  readonly newCount: number;
  readonly oldCount: number;
  readonly urgentNew?: number;
  readonly urgentOld?: number;
}

/**
 * RFC 3842 `application/simple-message-summary` body. Only counts: message headers would show
 * callers' numbers to whoever holds the subscription (§5.3 test 14). Who may subscribe is the
 * voicemail issue's mailbox owner/delegate check.
 */
export function renderMessageSummary(counts: MessageCounts): string {
  const urgentNew = counts.urgentNew ?? 0;
  const urgentOld = counts.urgentOld ?? 0;
  for (const n of [counts.newCount, counts.oldCount, urgentNew, urgentOld]) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`presence: bad message count ${n}`);
  }
  if (urgentNew > counts.newCount || urgentOld > counts.oldCount) throw new RangeError('presence: more urgent than total messages');
  if (/[\r\n]/.test(counts.account)) throw new RangeError('presence: line break in Message-Account');
  return [
    `Messages-Waiting: ${counts.newCount > 0 ? 'yes' : 'no'}`,
    `Message-Account: ${counts.account}`,
    `Voice-Message: ${counts.newCount}/${counts.oldCount} (${urgentNew}/${urgentOld})`,
    '',
  ].join('\r\n');
}

/** The API / event-stream presence of one user (§5.1 column "API / event stream"). */
export interface PresenceJson {
  readonly user: UserKey;
  readonly state: ProjectedState;
  /** The pickup token, only for a ringing projection with pickup. */
  readonly pickup?: string;
  readonly note?: string;
  readonly substitute?: UserKey;
  readonly forward?: ProjectedForward;
  readonly hotlineLoggedIn?: boolean;
}

/**
 * The JSON for `GET /api/presence` and presence events, from an `api` or `panel` projection.
 * The user's own facts (`projection.own`) are not part of it: they belong to the user's own view.
 */
export function renderPresenceJson(projection: Projection, pickupToken?: string): PresenceJson {
  if (projection.kind !== 'visible') throw new Error('presence: cannot render a refused projection');
  if (projection.channel !== 'api' && projection.channel !== 'panel') {
    throw new Error(`presence: ${projection.channel} projection rendered as JSON`);
  }
  const out: { -readonly [K in keyof PresenceJson]: PresenceJson[K] } = { user: projection.user, state: projection.state };
  if (projection.pickup) {
    if (pickupToken === undefined) throw new Error('presence: ringing projection with pickup needs a pickup token');
    out.pickup = pickupToken;
  }
  if (projection.note !== undefined) out.note = projection.note;
  if (projection.substitute !== undefined) out.substitute = projection.substitute;
  if (projection.forward !== undefined) out.forward = projection.forward;
  if (projection.hotlineLoggedIn !== undefined) out.hotlineLoggedIn = projection.hotlineLoggedIn;
  return out;
}

// The part of a projection its channel's body depends on; two projections with the same key
// render to the same body (apart from version), so no NOTIFY or event is due.
function wireKey(p: Projection): string {
  if (p.kind === 'refused') return 'refused';
  switch (p.channel) {
    case 'sip-dialog':
      return `${DIALOG_STATE[p.state]}|${p.pickup}`;
    case 'sip-presence':
      return JSON.stringify([p.state === 'unreachable', p.state === 'busy' || p.state === 'ringing', p.note ?? null]);
    case 'api':
    case 'panel':
      return canonicalJson([
        p.state, p.pickup, p.note ?? null, p.substitute ?? null, p.forward ?? null, p.hotlineLoggedIn ?? null, p.own ?? null,
      ]);
  }
}

// JSON with object keys sorted, so equal facts built in a different key order compare equal.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/**
 * Whether a watcher must be told about the step from `prev` (undefined: nothing sent yet) to
 * `next`. False whenever the body would not change, e.g. when only a hidden fact changed
 * (internal to external, hold, a second call, an absence reason): no NOTIFY, no event, no
 * version bump, so there is no timing side channel either (§5.3 test 9).
 */
export function notifyNeeded(prev: Projection | undefined, next: Projection): boolean {
  if (prev === undefined) return true;
  if (prev.user !== next.user || prev.channel !== next.channel) {
    throw new Error('presence: notifyNeeded compares projections of different subscriptions');
  }
  return wireKey(prev) !== wireKey(next);
}

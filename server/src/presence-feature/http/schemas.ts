/**
 * Strict schemas of the presence API and its event stream (issue 9 item 6, reference §5.3
 * test 11): every payload is checked against them before it leaves, and no extra property
 * passes. What a colleague can receive is exactly `presenceEntry`: user, name, state, and the
 * extras of the viewer's class when allowed (pickup token, shared note, substitute, forward
 * target, hotline logged in).
 */
import { z } from 'zod';
import { ABSENCE_REASONS, MANUAL_STATUSES } from '../../presence/index.js';

const ext = z.string().regex(/^[0-9]{2,8}$/);

/** The states that leave presence (§5.1). */
export const stateSchema = z.enum(['available', 'busy', 'ringing', 'unreachable']);

/** A forward target as the operator sees it: external numbers are never shown. */
export const forwardSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), user: ext }),
  z.strictObject({ kind: z.literal('voicemail') }),
  z.strictObject({ kind: z.literal('external') }),
]);

/** One user as a viewer may see them (renderPresenceJson plus the directory name). */
export const presenceEntry = z.strictObject({
  user: ext,
  name: z.string().max(100),
  state: stateSchema,
  pickup: z.string().regex(/^zp[A-Za-z0-9_-]{26}$/).optional(),
  note: z.string().max(200).optional(),
  substitute: ext.optional(),
  forward: forwardSchema.optional(),
  hotlineLoggedIn: z.boolean().optional(),
});

/** GET /api/presence. */
export const presenceList = z.strictObject({
  viewer: z.strictObject({ user: ext, name: z.string().max(100), operator: z.boolean() }),
  users: z.array(presenceEntry),
});

/** Messages on the presence stream. `at` is the event time only: no since, no duration (§5.1). */
export const streamMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('snapshot'), at: z.number().int(), users: z.array(presenceEntry) }),
  z.strictObject({ type: z.literal('presence'), at: z.number().int(), presence: presenceEntry }),
  z.strictObject({ type: z.literal('removed'), at: z.number().int(), user: ext }),
]);

/** A stream message. */
export type StreamMessage = z.infer<typeof streamMessage>;

const absenceReason = z.enum(ABSENCE_REASONS as [string, ...string[]]);
const manualStatus = z.enum(MANUAL_STATUSES as [string, ...string[]]);

/** One absence as its owner (or an allowed reader) sees it. */
export const absenceSchema = z.strictObject({
  id: z.uuid(),
  reason: absenceReason,
  from: z.number().int(),
  until: z.number().int().nullable(),
});

/** GET /api/presence/me: the user's own facts (§5.2 "ME"). */
export const ownView = z.strictObject({
  user: ext,
  name: z.string().max(100),
  state: stateSchema,
  dnd: z.boolean(),
  manual: z.strictObject({ status: manualStatus, note: z.string().max(200).nullable(), shareNote: z.boolean() }),
  absences: z.array(absenceSchema),
  substitute: ext.nullable(),
  devices: z.int().min(0),
  calls: z.array(z.strictObject({ state: z.enum(['trying', 'early', 'confirmed']), direction: z.enum(['inbound', 'outbound']), scope: z.enum(['internal', 'external']) })),
});

/** POST /api/login. */
export const loginBody = z.strictObject({ extension: ext, password: z.string().min(1).max(256) });

/** POST /api/presence/me/dnd. */
export const dndBody = z.strictObject({ on: z.boolean() });

/** POST /api/presence/me/absences. Times are epoch ms; `until` is exclusive. */
export const absenceBody = z.strictObject({ reason: absenceReason, from: z.number().int().optional(), until: z.number().int().nullable().optional() });

/** PUT /api/presence/me/status. */
export const statusBody = z.strictObject({ status: manualStatus, note: z.string().max(200).nullable().optional(), shareNote: z.boolean().optional() });

/** PUT /api/presence/me/substitute. */
export const substituteBody = z.strictObject({ substitute: ext.nullable() });

/** POST /api/switchboard/transfer. */
export const transferBody = z.strictObject({ to: ext });

/** Error answers: a stable code, never an echo of secrets (CONVENTIONS §2.4). */
export const errorBody = z.strictObject({ code: z.string(), issues: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional() });

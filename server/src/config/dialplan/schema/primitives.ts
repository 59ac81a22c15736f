/**
 * Building blocks of the dialplan schema: numbers, ids, prompt names, skill maps and targets.
 * Every pattern carries its own message, so that an issue reads `path: reason` without zod jargon.
 */
import { z } from 'zod';
import type { E164 } from '../../../domain/e164.js';
import type {
  DeviceUsername, Extension, HotlineNumber, HuntGroupNumber, IvrMenuId, PromptName, TeamId, TimePlanId, TrunkId,
} from '../../../domain/ids.js';

const INTERNAL = /^[0-9]{2,8}$/;
const INTERNAL_MSG = 'must be 2 to 8 digits';

/** An internal number (extension, hotline, hunt group, IVR): 2 to 8 digits. */
export const internalNumber = z.string().regex(INTERNAL, { error: INTERNAL_MSG });
/** A user's extension. */
export const extension = internalNumber.transform((s) => s as Extension);
/** A hotline's internal number. */
export const hotlineNumber = internalNumber.transform((s) => s as HotlineNumber);
/** A hunt group's internal number. */
export const huntGroupNumber = internalNumber.transform((s) => s as HuntGroupNumber);

/** An E.164 number, the only form Zentrale stores (`+49…`). */
export const e164 = z
  .string()
  .regex(/^\+[1-9][0-9]{3,14}$/, { error: 'must be an E.164 number such as +4989123456' })
  .transform((s) => s as E164);

const ID = /^[a-z][a-z0-9-]{0,62}$/;
const ID_MSG = 'must be lower-case letters, digits and dashes, starting with a letter';
const id = z.string().regex(ID, { error: ID_MSG });
/** A time plan id. */
export const timePlanId = id.transform((s) => s as TimePlanId);
/** An IVR menu id. */
export const ivrMenuId = id.transform((s) => s as IvrMenuId);
/** A trunk id. */
export const trunkId = id.transform((s) => s as TrunkId);
/** A team id. */
export const teamId = id.transform((s) => s as TeamId);

/** A SIP digest username: RFC 3261 user characters that need no escaping. */
export const deviceUsername = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: 'must be 1 to 64 letters, digits, dots, dashes or underscores' })
  .transform((s) => s as DeviceUsername);

/** A prompt: a relative path below the prompt directory, without extension; no `..`, so no traversal. */
export const promptName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/, {
    error: 'must be a prompt name like hotline/closed (lower-case, digits, _ - /; no extension)',
  })
  .transform((s) => s as PromptName);

/** A skill name, e.g. `de`, `en`, `kfz`. */
export const skillName = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, { error: 'must be a lower-case skill name' });
/** A skill level: 1 (lowest) to 9 (highest), as in issue 6. */
export const skillLevel = z.number().int().min(1).max(9);
/** Skills with levels: `{ de: 5, en: 3 }`. */
export const skillMap = z.record(skillName, skillLevel);

/** Seconds within a range, integer. */
export function seconds(min: number, max: number): z.ZodNumber {
  return z.number().int().min(min).max(max);
}

/** Which language prompts are played in. */
export const language = z.enum(['de', 'en']);

/** An e-mail address (deliberately simple: the mail server has the last word). */
export const email = z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: 'must be an e-mail address' });

/** Where a call goes: exactly one key (issue 6 item 5, plus `ivr` for menus). */
export type Target =
  | { readonly user: Extension }
  | { readonly hotline: HotlineNumber }
  | { readonly huntGroup: HuntGroupNumber }
  | { readonly voicemail: string }
  | { readonly forward: E164 }
  | { readonly announcement: PromptName }
  | { readonly ivr: IvrMenuId };

/** The keys a target may have. */
export const TARGET_KEYS = ['user', 'hotline', 'huntGroup', 'voicemail', 'forward', 'announcement', 'ivr'] as const;

/** The target kinds. */
export type TargetKind = (typeof TARGET_KEYS)[number];

/** A target: `{ user }`, `{ hotline }`, `{ huntGroup }`, `{ voicemail }`, `{ forward }`, `{ announcement }` or `{ ivr }`. */
export const target = z
  .strictObject({
    user: extension.optional().describe('ring this user (extension), with the user\'s own forwarding and voicemail'),
    hotline: hotlineNumber.optional().describe('queue at this hotline'),
    huntGroup: huntGroupNumber.optional().describe('ring this hunt group'),
    voicemail: internalNumber.optional().describe('leave a message in this mailbox (a user\'s extension, a hotline or hunt group number)'),
    forward: e164.optional().describe('forward to this external number through the outbound trunk'),
    announcement: promptName.optional().describe('play this prompt, then hang up'),
    ivr: ivrMenuId.optional().describe('enter this IVR menu'),
  })
  .refine((t) => Object.keys(t).length === 1, {
    error: `must have exactly one of: ${TARGET_KEYS.join(', ')}`,
  })
  .transform((t) => t as Target)
  .describe('where a call goes: a one-key object');

/** The kind and the referenced value of a target. */
export function targetOf(t: Target): { readonly kind: TargetKind; readonly ref: string } {
  const [kind] = Object.keys(t) as TargetKind[];
  if (kind === undefined) throw new Error('target without a key');
  return { kind, ref: (t as Record<string, string>)[kind] as string };
}

/**
 * Users and their devices (issue 3 item 2, issue 4 item 3, issue 8 items 1, 4, 5).
 * Device credentials are kept only as HA1 once loaded (issue 3: "stored only as HA1"); a plaintext
 * `password` in YAML is hashed by the loader and then forgotten.
 */
import { z } from 'zod';
import { deviceUsername, e164, email, extension, language, seconds, target } from './primitives.js';

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`), { error: `must be ${n} lower-case hex digits` });

/** Precomputed digest HA1 values: H(username:realm:password) with MD5 and SHA-256 (RFC 8760). */
export const ha1Schema = z
  .strictObject({
    md5: hex(32).optional().describe('MD5(username:realm:password), 32 hex digits'),
    sha256: hex(64).optional().describe('SHA-256(username:realm:password), 64 hex digits (RFC 8760)'),
  })
  .refine((h) => h.md5 !== undefined || h.sha256 !== undefined, { error: 'needs md5, sha256 or both' });

const password = z
  .string()
  .min(8, { error: 'must be at least 8 characters' })
  .max(128)
  .describe('plaintext SIP password; hashed to HA1 on load and never exported');

/** One SIP device (softphone, desk phone) of a user. */
export const deviceSchema = z
  .strictObject({
    username: deviceUsername.describe('digest username, unique across the site'),
    label: z.string().max(64).optional().describe('what the device is, e.g. "Softphone home office"'),
    password: password.optional(),
    ha1: ha1Schema.optional().describe('precomputed HA1 instead of a password'),
  })
  .refine((d) => (d.password === undefined) !== (d.ha1 === undefined), { error: 'needs exactly one of password or ha1' });

/** Mailbox settings of a user (issue 4 item 3). */
export const userVoicemailSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('whether the user has a mailbox'),
  noAnswerSec: seconds(5, 300).default(25).describe('ring time before an unanswered call goes to the mailbox'),
  email: z.boolean().default(true).describe('send new messages to the user\'s e-mail address'),
  attach: z.boolean().default(true).describe('attach the recording to the e-mail'),
});

/** Static call forwarding (issue 8 item 4); feature codes can override it at run time. */
export const forwardingSchema = z.strictObject({
  always: target.optional().describe('forward every call unconditionally'),
  busy: target.optional().describe('forward when all devices are busy'),
  noAnswer: target.optional().describe('forward when nobody answers within noAnswerSec'),
  noAnswerSec: seconds(5, 300).default(20).describe('ring time before forwarding on no answer'),
});

/** A user of the directory. */
export const userSchema = z
  .strictObject({
    extension: extension.describe('internal number, unique across users, hotlines, hunt groups and menus'),
    name: z.string().min(1).max(100).optional().describe('display name; default: the extension'),
    email: email.optional().describe('e-mail address for voicemail and notices'),
    officeNumber: z.string().max(32).optional().describe('office (room) number shown in the directory'),
    ddi: e164.optional().describe('direct-dial number from the site\'s blocks; presented on outbound calls'),
    mobile: e164
      .optional()
      .describe('private mobile: only rung and recognised (call-through), never presented nor stored as a caller identity'),
    ringMobile: z.enum(['no', 'also']).default('no').describe('ring the mobile in parallel with the SIP devices'),
    clir: z.boolean().default(false).describe('withhold the number on outbound calls (never on emergency calls)'),
    pin: z
      .string()
      .regex(/^[0-9]{4,12}$/, { error: 'must be 4 to 12 digits' })
      .optional()
      .describe('PIN for voicemail, agent service and call-through; plaintext here, hashed by the store, never exported; omitted: the stored one is kept'),
    pinHash: z
      .string()
      .regex(/^\$[a-z0-9-]+\$\S+$/, { error: 'must be a PHC hash string such as $argon2id$…' })
      .optional()
      .describe('the PIN as a PHC hash (what export writes)'),
    language: language.optional().describe('prompt language; default: site.language'),
    password: password
      .optional()
      .describe('shorthand: one device whose username is the extension; not together with devices'),
    devices: z.array(deviceSchema).default([]).describe('SIP devices; several per user'),
    voicemail: userVoicemailSchema.prefault({}).describe('mailbox'),
    forwarding: forwardingSchema.prefault({}).describe('static call forwarding'),
    callThrough: z.boolean().default(false).describe('may call out from the private mobile through the call-through number (with PIN)'),
  })
  .superRefine((u, ctx) => {
    if (u.password !== undefined && u.devices.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'not together with devices: add it as a device' });
    }
    if (u.pin !== undefined && u.pinHash !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['pinHash'], message: 'not together with pin' });
    }
    if (u.ringMobile === 'also' && u.mobile === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ringMobile'], message: 'needs mobile' });
    }
    if (u.callThrough && u.mobile === undefined) {
      ctx.addIssue({ code: 'custom', path: ['callThrough'], message: 'needs mobile (the caller is recognised by it)' });
    }
  });

/** A user as written in YAML, defaults applied. */
export type UserConfig = z.output<typeof userSchema>;

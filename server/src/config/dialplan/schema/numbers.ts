/**
 * Numbers, trunks and the outbound route (issue 8 item 1, issue 7 item 5).
 */
import { z } from 'zod';
import { e164, seconds, target, trunkId } from './primitives.js';

/** A number block: `base` plus a DDI suffix from the range. */
export const numberBlockSchema = z
  .strictObject({
    base: e164.describe('the block\'s number without DDI, e.g. +49803162'),
    ddi: z
      .string()
      .regex(/^[0-9]{1,6}-[0-9]{1,6}$/, { error: 'must be a range like 0-999' })
      .refine((r) => {
        const [lo, hi] = r.split('-') as [string, string];
        return Number(lo) <= Number(hi);
      }, { error: 'the range must ascend' })
      .describe('DDI suffix range; equal-width bounds with leading zeros (00-99) mean fixed width'),
  });

/** Site numbers. */
export const numbersSchema = z.strictObject({
  blocks: z.array(numberBlockSchema).default([]).describe('the number blocks the site holds'),
  main: e164.optional().describe('the main number (presented when a user has no DDI)'),
  emergency: e164.optional().describe('presented on emergency calls (the DDI whose carrier location is the site)'),
  emergencyCallback: e164
    .optional()
    .describe('presented on emergency calls from home office and call-through; rings the caller for 60 minutes afterwards'),
  services: z
    .strictObject({
      voicemail: e164.optional().describe('DDI for mailbox access from outside (caller number plus PIN)'),
      agentService: e164.optional().describe('DDI of the agent service (log in, log out, pause by phone with PIN)'),
      callThrough: e164.optional().describe('DDI for calling out from a private mobile (recognised mobile plus PIN)'),
    })
    .default({})
    .describe('DDIs of services reached from outside'),
  unassigned: target.optional().describe('where calls to a DDI of our blocks with no owner go; omitted: rejected'),
});

/** Number formats a carrier expects (caller-id.md §2.2): +49…, 49…, 0049…, 0…. */
export const NUMBER_FORMATS = ['e164', 'e164-no-plus', 'international-00', 'national'] as const;

/** A trunk's number format. */
export type NumberFormat = (typeof NUMBER_FORMATS)[number];

const credentials = z.strictObject({
  username: z.string().min(1).max(128).describe('digest username at the carrier'),
  password: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe('digest password (plaintext: the carrier needs it); never exported; omitted: the stored one is kept'),
});

/** A carrier trunk or outbound gateway. */
export const trunkSchema = z.strictObject({
  id: trunkId.describe('unique id'),
  host: z.string().min(1).max(253).regex(/^[A-Za-z0-9.:\-[\]]+$/, { error: 'must be a host name or IP address' }).describe('host or IP'),
  port: z.number().int().min(1).max(65535).default(5060).describe('SIP port'),
  transport: z.enum(['udp', 'tcp', 'tls']).default('udp').describe('SIP transport'),
  auth: credentials.optional().describe('digest credentials for calls (when the carrier challenges them)'),
  register: credentials
    .extend({ expiresSec: seconds(60, 86400).default(600).describe('requested registration lifetime') })
    .optional()
    .describe('register at the carrier with these credentials'),
  identity: z
    .strictObject({
      presentIn: z.enum(['from', 'pai', 'ppi']).default('pai').describe('header carrying the presented number'),
      format: z.enum(NUMBER_FORMATS).default('e164').describe('number format: e164 +49…, e164-no-plus 49…, international-00 0049…, national 0…'),
      clipNoScreening: z.boolean().default(false).describe('CLIP no screening booked: the original caller may be presented on forwards'),
      diversion: z.enum(['diversion', 'history-info']).default('diversion').describe('how forwarded legs carry the forwarding number'),
    })
    .prefault({})
    .describe('how the carrier wants identities'),
  inboundFormat: z
    .enum(NUMBER_FORMATS)
    .optional()
    .describe('format of numbers the carrier sends; default: identity.format'),
});

/** The outbound route. */
export const outboundSchema = z.strictObject({
  prefix: z.string().regex(/^[0-9]{0,2}$/, { error: 'must be 0 to 2 digits' }).default('0').describe('outside-line prefix; "" for none'),
  trunk: trunkId.describe('trunk for outbound and forwarded calls'),
});

/** Site numbers as written in YAML, defaults applied. */
export type NumbersConfig = z.output<typeof numbersSchema>;
/** A trunk as written in YAML, defaults applied. */
export type TrunkConfig = z.output<typeof trunkSchema>;
/** The outbound route as written in YAML, defaults applied. */
export type OutboundConfig = z.output<typeof outboundSchema>;

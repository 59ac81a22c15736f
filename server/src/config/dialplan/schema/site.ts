/**
 * Site-wide settings, teams (issue 9 item 2) and feature codes (issues 4, 7, 8, 9).
 */
import { z } from 'zod';
import { extension, language, seconds, teamId } from './primitives.js';
import { holidaysSchema } from './time-plans.js';

/** Site-wide settings. */
export const siteSchema = z.strictObject({
  name: z.string().min(1).max(100).default('Zentrale').describe('organisation name; display name toward carriers'),
  domain: z
    .string()
    .regex(/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/, { error: 'must be a domain name like pbx.example.de' })
    .default('zentrale.local')
    .describe('SIP domain, also the digest realm: HA1 values depend on it'),
  language: language.default('de').describe('default prompt language'),
  holidays: holidaysSchema.optional().describe('default holidays for time plans without their own'),
  countryCode: z.string().regex(/^[1-9][0-9]{0,2}$/, { error: 'must be 1 to 3 digits' }).default('49').describe('country calling code'),
  areaCode: z
    .string()
    .regex(/^[1-9][0-9]{1,4}$/, { error: 'must be 2 to 5 digits without the leading 0' })
    .optional()
    .describe('area code (ONKZ) without 0, for local numbers dialled without it'),
  emergencyNumbers: z
    .array(z.string().regex(/^[0-9]{3,6}$/, { error: 'must be 3 to 6 digits' }))
    .min(1)
    .default(['110', '112'])
    .describe('always routed, with or without the outside-line prefix, never blocked, never withheld'),
  maxRingSec: seconds(5, 600).default(60).describe('ring time of a user when neither voicemail nor forwarding follows'),
});

/** A team: who may watch whom (issue 9 item 2). */
export const teamSchema = z.strictObject({
  id: teamId.describe('unique id'),
  name: z.string().max(100).optional().describe('name shown in the team panel'),
  members: z.array(extension).default([]).describe('colleagues: may watch each other'),
  leads: z.array(extension).default([]).describe('team leads'),
  operators: z.array(extension).default([]).describe('switchboard operators: watch every member'),
  pickup: z.boolean().default(false).describe('members may pick up each other\'s ringing calls'),
});

const code = z.string().regex(/^[*#][0-9*#]{1,6}$/, { error: 'must start with * or # followed by 1 to 6 of 0-9 * #' });

/** Feature codes dialled from a user's own phone. */
export const featureCodesSchema = z.strictObject({
  hotlineLogin: code.default('*41').describe('+ hotline number: log in as agent'),
  hotlineLogout: code.default('*42').describe('+ hotline number: log out'),
  hotlinePause: code.default('*43').describe('pause or resume (toggle)'),
  wrapUpEnd: code.default('*44').describe('end wrap-up early'),
  agentService: code.default('*45').describe('agent service menu (log in, log out, pause per hotline)'),
  forwardAlwaysOn: code.default('*21').describe('+ number: forward always'),
  forwardAlwaysOff: code.default('#21').describe('cancel forward always'),
  forwardBusyOn: code.default('*67').describe('+ number: forward on busy'),
  forwardBusyOff: code.default('#67').describe('cancel forward on busy'),
  forwardNoAnswerOn: code.default('*61').describe('+ number: forward on no answer'),
  forwardNoAnswerOff: code.default('#61').describe('cancel forward on no answer'),
  clirPrefix: code.default('#31#').describe('prefix: withhold the number for this call'),
  dndOn: code.default('*26').describe('do not disturb on'),
  dndOff: code.default('#26').describe('do not disturb off'),
  pickup: code.default('*8').describe('+ extension: pick up a ringing colleague'),
  voicemail: code.default('*98').describe('own mailbox (PIN asked)'),
});

/** Feature codes that take an argument after the code. */
export const ARGUMENT_CODES = ['hotlineLogin', 'hotlineLogout', 'forwardAlwaysOn', 'forwardBusyOn', 'forwardNoAnswerOn', 'pickup', 'clirPrefix'] as const;

/** Site-wide settings, defaults applied. */
export type SiteSettings = z.output<typeof siteSchema>;
/** A team, defaults applied. */
export type TeamConfig = z.output<typeof teamSchema>;
/** Feature codes, defaults applied. */
export type FeatureCodes = z.output<typeof featureCodesSchema>;
/** A feature code's name. */
export type FeatureName = keyof FeatureCodes;

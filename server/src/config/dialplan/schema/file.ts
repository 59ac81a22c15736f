/**
 * One dialplan YAML file. Every top-level key is optional: a site may split its dialplan into
 * several files; lists concatenate, single sections may appear in one file only.
 */
import { z } from 'zod';
import { hotlineSchema, huntGroupSchema } from './hotlines.js';
import { ivrMenuSchema } from './ivr.js';
import { numbersSchema, outboundSchema, trunkSchema } from './numbers.js';
import { extension } from './primitives.js';
import { featureCodesSchema, siteSchema, teamSchema } from './site.js';
import { timePlanSchema } from './time-plans.js';
import { userSchema } from './users.js';

/** The schema of one dialplan file. */
export const dialplanFileSchema = z
  .strictObject({
    site: siteSchema.optional().describe('site-wide settings (one file at most)'),
    users: z.array(userSchema).optional().describe('the directory'),
    hotlines: z.array(hotlineSchema).optional().describe('hotlines (ACD queues)'),
    huntGroups: z.array(huntGroupSchema).optional().describe('hunt groups'),
    timePlans: z.array(timePlanSchema).optional().describe('opening hours'),
    ivrMenus: z.array(ivrMenuSchema).optional().describe('IVR menus'),
    numbers: numbersSchema.optional().describe('number blocks and special numbers (one file at most)'),
    trunks: z.array(trunkSchema).optional().describe('carrier trunks and gateways'),
    outbound: outboundSchema.optional().describe('outbound route (one file at most)'),
    teams: z.array(teamSchema).optional().describe('who may watch whom'),
    worksCouncilMode: z.boolean().optional().describe('no per-person supervisor views (one file at most; default true)'),
    aggregateMinGroup: z.number().int().min(2).max(1000).optional()
      .describe('hotline counts for supervisors are suppressed below this many agents (one file at most; default 5)'),
    absenceReasonReaders: z.array(extension).optional()
      .describe('users (e.g. HR) who may read absence reasons besides the user (one file at most; default none)'),
    featureCodes: featureCodesSchema.optional().describe('feature codes (one file at most)'),
  })
  .describe('a Zentrale dialplan file');

/** One parsed, validated dialplan file. */
export type DialplanFile = z.output<typeof dialplanFileSchema>;

/** The list sections of a file (they concatenate across files). */
export const LIST_SECTIONS = ['users', 'hotlines', 'huntGroups', 'timePlans', 'ivrMenus', 'trunks', 'teams'] as const;
/** The single sections of a file (at most one file may define each). */
export const SINGLE_SECTIONS = ['site', 'numbers', 'outbound', 'worksCouncilMode', 'aggregateMinGroup', 'absenceReasonReaders', 'featureCodes'] as const;

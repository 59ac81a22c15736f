/**
 * Hotlines (issue 6 item 5, issue 7, issue 8 item 1) and hunt groups (issue 6 item 2).
 * The ACD reads these fields; routing reads number, timePlan and afterHours.
 */
import { z } from 'zod';
import type { PromptName } from '../../../domain/ids.js';
import {
  e164, email, extension, hotlineNumber, huntGroupNumber, promptName, seconds, skillMap, target, timePlanId,
} from './primitives.js';

/** ACD strategies; each is defined exactly in the ACD's doc comments (issue 6 item 1). */
export const HOTLINE_STRATEGIES = ['ring-all', 'linear', 'round-robin', 'longest-idle', 'fewest-calls', 'skill-level-first'] as const;

/** Hunt group strategies (issue 6 item 2). */
export const HUNT_STRATEGIES = ['ring-all', 'linear', 'round-robin', 'longest-idle'] as const;

/** An agent membership. */
export const agentSchema = z.strictObject({
  extension: extension.describe('the user who is a member'),
  skills: skillMap.default({}).describe('skills with levels 1-9, higher is better'),
  tier: z.number().int().min(1).max(9).default(1).describe('escalation tier: tier 1 from the start, higher tiers once an escalation step widens to them'),
  ringMobile: z
    .enum(['no', 'instead', 'also'])
    .default('no')
    .describe('offer hotline calls to the user\'s mobile instead of, or as well as, the SIP devices (phone-only agents)'),
});

/** One escalation step: after a wait, these requirements replace the previous ones. */
export const escalationStepSchema = z.strictObject({
  afterSec: seconds(1, 86400).describe('wait in seconds after which this step applies'),
  requires: skillMap.optional().describe('required skills from then on: a missing skill is dropped, a lower level lowers it; omitted: unchanged'),
  widen: z.number().int().min(1).max(9).optional().describe('agents up to this tier become eligible; omitted: unchanged'),
});

/** The staffing alarm (issue 7 item 6). */
export const alarmSchema = z.strictObject({
  emails: z.array(email).default([]).describe('addresses told when staffing drops below minAgents'),
  number: z
    .union([e164, z.string().regex(/^[0-9]{2,8}$/, { error: 'must be an E.164 or internal number' })])
    .optional()
    .describe('number called to play the alarm (E.164 or internal)'),
  repeatMin: seconds(1, 1440).default(5).describe('minutes between repeated alarms until staffed'),
});

/** A hotline (ACD queue). */
export const hotlineSchema = z
  .strictObject({
    number: hotlineNumber.describe('internal number of the hotline'),
    name: z.string().min(1).max(100).optional().describe('name, shown to agents and presented as display name; default: Hotline NUMBER'),
    ddi: e164.optional().describe('direct-dial number; presented on agent callbacks'),
    timePlan: timePlanId.optional().describe('opening hours; omitted: always open'),
    strategy: z.enum(HOTLINE_STRATEGIES).default('longest-idle').describe('how an agent is chosen'),
    ringSec: seconds(5, 300).default(20).describe('ring time per offer'),
    wrapUpSec: seconds(0, 3600).default(0).describe('wrap-up after each hotline call, agent-wide'),
    maxWaitSec: seconds(10, 86400).default(600).describe('longest wait before overflow'),
    maxWaiting: z.number().int().min(1).max(10000).default(50).describe('queue capacity: a call arriving at a full queue overflows'),
    noAgentOverflowSec: seconds(0, 86400).default(30).describe('overflow once no agent has been logged in for this long'),
    minAgents: z.number().int().min(0).max(1000).default(0).describe('minimum staffed agents (logged in, not paused)'),
    maxMissedOffers: z.number().int().min(0).max(100).default(3).describe('unanswered offers in a row before the agent is paused; 0: never'),
    busyBackoffSec: seconds(0, 600).default(10).describe('after a busy, declined or unreachable offer the agent gets no offer for this long'),
    expectedHandleSec: seconds(1, 86400).default(180).describe('seed of the smoothed handle time for expected-wait announcements'),
    closeWaiting: z.boolean().default(false).describe('when the line closes, send waiting calls to afterHours (true) or keep serving them'),
    priority: z.number().int().min(0).max(9).default(0).describe('priority of this hotline\'s calls across hotlines (higher first)'),
    requires: skillMap.default({}).describe('skills a call needs, with minimum levels'),
    escalation: z.array(escalationStepSchema).default([]).describe('requirement changes over the wait, ascending afterSec'),
    afterHours: target.optional().describe('where calls go when the time plan says closed'),
    overflow: target.optional().describe('where calls go on max wait, full queue or no agents'),
    announceSec: seconds(0, 3600).default(60).describe('position/wait announcement interval; 0: off'),
    greeting: promptName.optional().describe('prompt played on entry'),
    music: promptName.default('moh/default' as PromptName).describe('music on hold'),
    digits: z
      .record(z.string().regex(/^[0-9*#]$/, { error: 'must be one digit 0-9, * or #' }), target)
      .default({})
      .describe('digits a waiting caller may press, each leading to a target'),
    callback: z.boolean().default(false).describe('callers may hang up and be called back at their turn'),
    presentToMobile: z
      .enum(['hotline', 'caller'])
      .default('hotline')
      .describe('number shown on an agent\'s mobile: the hotline\'s (default) or the caller\'s (needs CLIP no screening)'),
    alarm: alarmSchema.prefault({}).describe('staffing alarm'),
    voicemail: z
      .strictObject({ emails: z.array(email).default([]).describe('addresses told of new messages'), attach: z.boolean().default(true).describe('attach the recording') })
      .prefault({})
      .describe('the hotline\'s mailbox (target { voicemail: NUMBER })'),
    agents: z.array(agentSchema).default([]).describe('members with skills'),
  })
  .superRefine((h, ctx) => {
    for (let i = 1; i < h.escalation.length; i++) {
      const prev = h.escalation[i - 1];
      const cur = h.escalation[i];
      if (prev && cur && cur.afterSec <= prev.afterSec) {
        ctx.addIssue({ code: 'custom', path: ['escalation', i, 'afterSec'], message: 'must be greater than the previous step\'s afterSec' });
      }
    }
  });

/** A hunt group member: a user or an external number. */
export const huntMemberSchema = z
  .strictObject({
    user: extension.optional().describe('a user (all devices ring)'),
    number: e164.optional().describe('an external number, rung through the outbound trunk'),
    ringSec: seconds(5, 300).optional().describe('ring time of this member; default: the group\'s ringSec'),
  })
  .refine((m) => (m.user === undefined) !== (m.number === undefined), { error: 'needs exactly one of user or number' });

/** A hunt group (no queue). */
export const huntGroupSchema = z.strictObject({
  number: huntGroupNumber.describe('internal number of the hunt group'),
  name: z.string().min(1).max(100).optional().describe('name; default: Hunt group NUMBER'),
  ddi: e164.optional().describe('direct-dial number'),
  strategy: z.enum(HUNT_STRATEGIES).default('ring-all').describe('who rings when'),
  ringSec: seconds(5, 300).default(20).describe('ring time per member'),
  totalSec: seconds(5, 3600).default(60).describe('ring time of the whole group'),
  members: z.array(huntMemberSchema).min(1, { error: 'needs at least one member' }).describe('members in order'),
  noAnswer: target.optional().describe('where the call goes when nobody answers; omitted: rejected'),
  voicemail: z
    .strictObject({ emails: z.array(email).default([]).describe('addresses told of new messages'), attach: z.boolean().default(true).describe('attach the recording') })
    .prefault({})
    .describe('the group\'s mailbox (target { voicemail: NUMBER })'),
});

/** A hotline as written in YAML, defaults applied. */
export type HotlineConfig = z.output<typeof hotlineSchema>;
/** A hunt group as written in YAML, defaults applied. */
export type HuntGroupConfig = z.output<typeof huntGroupSchema>;

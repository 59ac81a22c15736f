/**
 * IVR menus (issue 4 item 4): a prompt, digits to targets, timeout and invalid-input handling;
 * menus nest by `{ ivr: id }` targets.
 */
import { z } from 'zod';
import type { PromptName } from '../../../domain/ids.js';
import { e164, internalNumber, ivrMenuId, promptName, seconds, target } from './primitives.js';

/** An IVR menu. */
export const ivrMenuSchema = z.strictObject({
  id: ivrMenuId.describe('unique id, referenced by { ivr: id } targets'),
  name: z.string().max(100).optional().describe('what the menu is for'),
  number: internalNumber.optional().describe('internal number that enters the menu'),
  ddi: e164.optional().describe('direct-dial number that enters the menu (e.g. the main number)'),
  prompt: promptName.describe('prompt played to offer the options'),
  options: z
    .record(z.string().regex(/^[0-9*#]$/, { error: 'must be one digit 0-9, * or #' }), target)
    .refine((o) => Object.keys(o).length > 0, { error: 'needs at least one option' })
    .describe('digit to target'),
  timeoutSec: seconds(1, 60).default(5).describe('wait for a digit after the prompt'),
  attempts: z.number().int().min(1).max(10).default(3).describe('prompt plays before giving up'),
  invalidPrompt: promptName.default('ivr/invalid' as PromptName).describe('played after a digit with no option'),
  onTimeout: target.optional().describe('after the last attempt with no digit; omitted: hang up'),
  onInvalid: target.optional().describe('after the last attempt with an invalid digit; omitted: hang up'),
});

/** An IVR menu as written in YAML, defaults applied. */
export type IvrMenuConfig = z.output<typeof ivrMenuSchema>;

/** Every migration, in order. Names sort lexically; never rename an applied one. */
import type { Migration } from 'kysely';
import * as m001 from './001-initial.js';
import * as m002hotlines from './002-hotlines.js';
import * as m002 from './002-presence.js';
import * as m003hotlineCalls from './003-hotline-calls.js';
import * as m003voicemail from './003-voicemail.js';

/** Migrations by name. */
export const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-hotlines': m002hotlines,
  '002-presence': m002,
  '003-hotline-calls': m003hotlineCalls,
  '003-voicemail': m003voicemail,
};

/** The dialplan YAML schema (zod 4): the only definition of the site configuration's shape. */
export * from './primitives.js';
export * from './time-plans.js';
export * from './users.js';
export * from './hotlines.js';
export * from './ivr.js';
export * from './numbers.js';
export * from './site.js';
export * from './file.js';

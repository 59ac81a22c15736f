/**
 * Dialplans as code: the zod schema of dialplans/*.yaml, loading (parse, validate, merge, resolve,
 * freeze), diffing and exporting the site configuration.
 */
export type { DialplanIssue, PathSegment } from './issues.js';
export { formatIssue, formatPath } from './issues.js';
export type { DialplanSource } from './parse-file.js';
export { loadDialplan } from './load.js';
export type {
  SiteConfig, SiteIndex, User, Device, Hotline, HuntGroup, IvrMenu, TimePlan, Trunk, Team, Numbers, Outbound,
  HolidaySource, InternalOwner, DdiOwner, ServiceName, DeepReadonly,
} from './site-config.js';
export { inBlock, inBlocks } from './blocks.js';
export { computeHa1 } from './credentials.js';
export { diffSiteConfig, formatDiff, type Change, type FieldChange, type EntityKind } from './diff.js';
export { exportSiteConfig, toDialplanObject } from './export.js';
export { dialplanReference } from './reference.js';
export * from './schema/index.js';

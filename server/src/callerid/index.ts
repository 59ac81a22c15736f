// Public surface of the caller-ID policy (PURE): decide the identity headers of a leg, and the
// number, block and privacy helpers it is built on.
export { callerIdFor, DEFAULT_CALLER_ID_POLICY } from './policy.js';
export { renderCallerIdHeaders, renderFrom } from './render.js';
export { ANONYMOUS_FROM, STRIPPED_INCOMING_HEADERS } from './compose.js';
export { inNumberBlocks, numberBlockIssues } from './blocks.js';
export type { NumberBlock } from './blocks.js';
export { formatNumber, isE164, isPresentableForwardedNumber, normalizeNumber } from './numbers.js';
export type { NumberFormat } from './numbers.js';
export { callerWithheld, maskPhone, maskPhoneForLog } from './privacy.js';
export type { InboundPrivacySignals } from './privacy.js';
export { classifyDialled } from './dialled.js';
export type { DialledNumber, DialPlanPrefixes } from './dialled.js';
export type * from './types.js';

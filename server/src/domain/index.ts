/** Domain primitives shared by configuration, routing and the adapters. */
export type { Result } from './result.js';
export { ok, err } from './result.js';
export type { E164 } from './e164.js';
export { isE164, asE164, E164_SOURCE } from './e164.js';
export type {
  Extension, HotlineNumber, HuntGroupNumber, TimePlanId, IvrMenuId, TrunkId, TeamId, DeviceUsername, PromptName,
} from './ids.js';
export type { SipFailureStatus, RejectReason } from './sip-status.js';
export { REJECT_STATUS } from './sip-status.js';
export type { CallContext, CallOrigin } from './call-context.js';

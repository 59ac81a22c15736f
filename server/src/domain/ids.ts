/**
 * Branded identifiers (CONVENTIONS §2.3). A brand keeps a hotline number from being passed where
 * a user's extension is expected, although both are digit strings in one number space.
 */

/** A user's internal number, e.g. `3001`. */
export type Extension = string & { readonly __brand: 'Extension' };
/** A hotline's internal number, e.g. `4100`. */
export type HotlineNumber = string & { readonly __brand: 'HotlineNumber' };
/** A hunt group's internal number, e.g. `600`. */
export type HuntGroupNumber = string & { readonly __brand: 'HuntGroupNumber' };
/** A time plan's id, e.g. `rathaus`. */
export type TimePlanId = string & { readonly __brand: 'TimePlanId' };
/** An IVR menu's id, e.g. `main`. */
export type IvrMenuId = string & { readonly __brand: 'IvrMenuId' };
/** A trunk's id, e.g. `carrier`. */
export type TrunkId = string & { readonly __brand: 'TrunkId' };
/** A team's id, e.g. `buergerbuero`. */
export type TeamId = string & { readonly __brand: 'TeamId' };
/** A device's SIP username (the digest username), unique site-wide. */
export type DeviceUsername = string & { readonly __brand: 'DeviceUsername' };
/** A prompt name: a relative path below the prompt directory without extension, e.g. `hotline/closed`. */
export type PromptName = string & { readonly __brand: 'PromptName' };

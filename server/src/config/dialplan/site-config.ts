/**
 * The loaded site configuration: what every file declared, merged, defaults applied, references
 * resolved, credentials reduced to HA1, deep-frozen, plus lookup indexes.
 */
import type { DeviceUsername, Extension, HotlineNumber, HuntGroupNumber, IvrMenuId } from '../../domain/ids.js';
import type {
  FeatureCodes, HotlineConfig, HuntGroupConfig, IvrMenuConfig, NumbersConfig, OutboundConfig, SiteSettings,
  TeamConfig, TimePlanConfig, TrunkConfig, UserConfig,
} from './schema/index.js';
import type { z } from 'zod';
import type { holidaysSchema } from './schema/index.js';

/** Makes a type and everything below it read-only. */
export type DeepReadonly<T> = T extends string | number | boolean | bigint | symbol | null | undefined
  ? T
  : T extends ReadonlyMap<infer K, infer V>
    ? ReadonlyMap<K, DeepReadonly<V>>
    : T extends readonly (infer E)[]
      ? readonly DeepReadonly<E>[]
      : { readonly [K in keyof T]: DeepReadonly<T[K]> };

/** A SIP device with its credentials as HA1 only. */
export type Device = DeepReadonly<{
  username: DeviceUsername;
  label?: string;
  ha1: { md5?: string; sha256?: string };
}>;

/** A user: the YAML entry with `password` folded into `devices`. */
export type User = DeepReadonly<Omit<UserConfig, 'password' | 'devices'>> & { readonly devices: readonly Device[] };

/** Public holidays of a state and optional region. */
export type HolidaySource = DeepReadonly<z.output<typeof holidaysSchema>>;

/** A time plan whose `holidays` is resolved: the plan's own, the site's, or `false`. */
export type TimePlan = DeepReadonly<Omit<TimePlanConfig, 'holidays'>> & { readonly holidays: HolidaySource | false };

/** A hotline. */
export type Hotline = DeepReadonly<HotlineConfig>;
/** A hunt group. */
export type HuntGroup = DeepReadonly<HuntGroupConfig>;
/** An IVR menu. */
export type IvrMenu = DeepReadonly<IvrMenuConfig>;
/** A trunk. */
export type Trunk = DeepReadonly<TrunkConfig>;
/** A team. */
export type Team = DeepReadonly<TeamConfig>;
/** Number blocks and special numbers. */
export type Numbers = DeepReadonly<NumbersConfig>;
/** The outbound route. */
export type Outbound = DeepReadonly<OutboundConfig>;

/** Who owns an internal (dialable) number. */
export type InternalOwner =
  | { readonly kind: 'user'; readonly extension: Extension }
  | { readonly kind: 'hotline'; readonly number: HotlineNumber }
  | { readonly kind: 'huntGroup'; readonly number: HuntGroupNumber }
  | { readonly kind: 'ivr'; readonly id: IvrMenuId };

/** The services reachable from outside by DDI. */
export type ServiceName = 'voicemail' | 'agentService' | 'callThrough';

/** Who owns a DDI. */
export type DdiOwner =
  | InternalOwner
  | { readonly kind: 'service'; readonly service: ServiceName }
  | { readonly kind: 'emergencyCallback' };

/** Lookup tables built once at load. Keys are plain strings so SIP-layer strings can be looked up directly. */
export interface SiteIndex {
  /** Users by extension. */
  readonly users: ReadonlyMap<string, User>;
  /** Devices by digest username, with their user. */
  readonly devices: ReadonlyMap<string, { readonly user: User; readonly device: Device }>;
  /** Hotlines by number. */
  readonly hotlines: ReadonlyMap<string, Hotline>;
  /** Hunt groups by number. */
  readonly huntGroups: ReadonlyMap<string, HuntGroup>;
  /** IVR menus by id. */
  readonly ivrMenus: ReadonlyMap<string, IvrMenu>;
  /** Time plans by id. */
  readonly timePlans: ReadonlyMap<string, TimePlan>;
  /** Trunks by id. */
  readonly trunks: ReadonlyMap<string, Trunk>;
  /** Teams by id. */
  readonly teams: ReadonlyMap<string, Team>;
  /** Internal numbers (extensions, hotline, hunt group and menu numbers) to their owner. */
  readonly internal: ReadonlyMap<string, InternalOwner>;
  /** DDIs (E.164) to their owner. */
  readonly ddi: ReadonlyMap<string, DdiOwner>;
  /** Private mobiles (E.164) to their user: only to recognise call-through and agent-service callers. */
  readonly mobiles: ReadonlyMap<string, User>;
  /** Hotline numbers each extension is an agent of. */
  readonly agentOf: ReadonlyMap<string, readonly HotlineNumber[]>;
}

/** The whole site, frozen. */
export interface SiteConfig {
  readonly site: DeepReadonly<SiteSettings>;
  readonly users: readonly User[];
  readonly hotlines: readonly Hotline[];
  readonly huntGroups: readonly HuntGroup[];
  readonly timePlans: readonly TimePlan[];
  readonly ivrMenus: readonly IvrMenu[];
  readonly numbers: Numbers;
  readonly trunks: readonly Trunk[];
  /** `null` when the site has no outbound route. */
  readonly outbound: Outbound | null;
  readonly teams: readonly Team[];
  readonly worksCouncilMode: boolean;
  /** Hotline counts for supervisors are suppressed below this many agents (presence). */
  readonly aggregateMinGroup: number;
  /** Users who may read absence reasons besides the user (presence). */
  readonly absenceReasonReaders: readonly string[];
  readonly featureCodes: DeepReadonly<FeatureCodes>;
  readonly index: SiteIndex;
}

/**
 * Dynamic per-user state that changes routing without changing the site config: forwarding and
 * DND set by feature code, whether any device is registered, recent emergency callers. Plain data,
 * passed in by the adapter (routing reads no store).
 */
import type { ForwardDestination } from './route-step.js';

/** What is known about one user right now. Missing fields mean "nothing known": the config decides. */
export interface UserFacts {
  /** Whether any device is registered; unknown counts as registered. */
  readonly registered?: boolean;
  /** Do-not-disturb set by `*26`. */
  readonly dnd?: boolean;
  /**
   * Forwarding set by feature code. A present key wins over the YAML forwarding, `null` included
   * (`#21` cancels the configured forward as well).
   */
  readonly forwarding?: {
    readonly always?: ForwardDestination | null;
    readonly busy?: ForwardDestination | null;
    readonly noAnswer?: ForwardDestination | null;
  };
}

/** A recent emergency caller whom the emergency callback number rings (issue 8 item 6: 60 minutes). */
export interface EmergencyCallback {
  readonly extension: string;
  /** Epoch ms until which callbacks ring this user. */
  readonly until: number;
}

/** Runtime facts for routing. */
export interface RuntimeFacts {
  /** Facts per extension. */
  readonly users?: Readonly<Record<string, UserFacts>>;
  /** Emergency callers, most recent last. */
  readonly emergencyCallbacks?: readonly EmergencyCallback[];
}

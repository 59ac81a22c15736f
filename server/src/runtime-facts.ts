/**
 * The runtime facts routing reads (registered or not, DND, forwarding by feature code), kept up to
 * date from events instead of being recomputed per call: one object per user, replaced on change.
 */
import type { EmergencyCallback, RuntimeFacts, UserFacts } from './routing/index.js';

/** Mutable holder of the current facts; `snapshot()` is what routing gets. */
export class RuntimeFactsHolder {
  private users: Record<string, UserFacts> = {};
  private snap: RuntimeFacts = { users: this.users };

  /** The facts as of now (a stable object until the next change). */
  snapshot(): RuntimeFacts {
    return this.snap;
  }

  /** Replaces some facts of one user. */
  update(extension: string, patch: Partial<UserFacts>): void {
    this.users = { ...this.users, [extension]: { ...this.users[extension], ...patch } };
    this.snap = { ...this.snap, users: this.users };
  }

  /** Replaces the recent emergency callers (the emergency callback number rings them, issue 8 item 6). */
  setEmergencyCallbacks(list: readonly EmergencyCallback[]): void {
    this.snap = { ...this.snap, emergencyCallbacks: list };
  }
}

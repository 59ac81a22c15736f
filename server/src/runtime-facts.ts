/**
 * The runtime facts routing reads (registered or not, DND, forwarding by feature code), kept up to
 * date from events instead of being recomputed per call: one object per user, replaced on change.
 */
import type { EmergencyCallback, RuntimeFacts, UserFacts } from './routing/index.js';

/**
 * Mutable holder of the current facts; `snapshot()` is what routing gets. Snapshots are immutable:
 * the users object is copied on the first change after a snapshot was handed out (copy on write),
 * so a burst of registrations costs O(1) per change instead of a copy of every user each time.
 */
export class RuntimeFactsHolder {
  private users: Record<string, UserFacts> = {};
  private emergencyCallbacks: readonly EmergencyCallback[] | undefined;
  private snap: RuntimeFacts | undefined;
  /** `users` is referenced by a snapshot handed out and must not be changed in place. */
  private shared = false;

  /** The facts as of now (a stable object until the next change). */
  snapshot(): RuntimeFacts {
    if (!this.snap) {
      this.snap = this.emergencyCallbacks ? { users: this.users, emergencyCallbacks: this.emergencyCallbacks } : { users: this.users };
    }
    this.shared = true;
    return this.snap;
  }

  /** Replaces some facts of one user. */
  update(extension: string, patch: Partial<UserFacts>): void {
    if (this.shared) {
      this.users = { ...this.users };
      this.shared = false;
    }
    this.users[extension] = { ...this.users[extension], ...patch };
    this.snap = undefined;
  }

  /** Replaces the recent emergency callers (the emergency callback number rings them, issue 8 item 6). */
  setEmergencyCallbacks(list: readonly EmergencyCallback[]): void {
    this.emergencyCallbacks = list;
    this.snap = undefined;
  }
}

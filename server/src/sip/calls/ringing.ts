/**
 * Calls currently ringing a user's devices, so a colleague can pick one up (issue 9 item 4:
 * directed pickup by feature code or BLF key). Taking a call over cancels its forks, answers the
 * caller with the picker's session description and hands the caller's dialog to the picker's leg.
 */
import type { SrfDialog } from '../srf-types.js';
import type { Party } from './targets.js';

/** A ringing call that can be taken over. */
export interface RingingCall {
  readonly callId: string;
  readonly extension: string;
  readonly caller: Party;
  readonly since: number;
  /**
   * Takes the call: stops ringing the user's devices and answers the caller with `pickerSdp`.
   * Resolves with the caller's dialog and the caller's own offer (for the picker's answer), or
   * undefined when the call was answered or ended meanwhile.
   */
  takeOver(pickerSdp: string, answeredBy: string): Promise<{ dialog: SrfDialog; callerSdp: string; bridged: (picker: { dialog: SrfDialog; party: Party }) => void } | undefined>;
}

/** Every ringing call by the extension it rings. */
export class RingingCalls {
  private readonly byExtension = new Map<string, Set<RingingCall>>();

  add(c: RingingCall): () => void {
    let set = this.byExtension.get(c.extension);
    if (!set) this.byExtension.set(c.extension, (set = new Set()));
    set.add(c);
    return () => {
      set.delete(c);
      if (set.size === 0) this.byExtension.delete(c.extension);
    };
  }

  /** The longest-ringing call of a user, if any. */
  oldestFor(extension: string): RingingCall | undefined {
    const set = this.byExtension.get(extension);
    if (!set) return undefined;
    return [...set].sort((a, b) => a.since - b.since)[0];
  }

  /** Whether a user has a ringing call (BLF "early" without revealing the caller). */
  has(extension: string): boolean {
    return this.byExtension.has(extension);
  }
}

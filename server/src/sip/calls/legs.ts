/**
 * Leg facts for presence (issue 9): a user's device rings, a user is in a call, the call ended.
 * Internal/external and direction are facts here; the presence projection decides who sees them.
 */
import type { EventBus } from '../../events/bus.js';

/** One user's part in a call. */
export class UserLeg {
  private state: 'trying' | 'early' | 'confirmed' | 'terminated' = 'trying';

  constructor(
    private readonly bus: EventBus,
    readonly callId: string,
    readonly legId: string,
    readonly extension: string,
    readonly direction: 'inbound' | 'outbound',
    readonly external: boolean,
  ) {
    this.emit();
  }

  private emit(): void {
    this.bus.emit('user.leg', { callId: this.callId, legId: this.legId, extension: this.extension, state: this.state, direction: this.direction, external: this.external });
  }

  /** Moves the leg forward; going back or repeating a state is ignored. */
  set(state: 'early' | 'confirmed' | 'terminated'): void {
    const order = ['trying', 'early', 'confirmed', 'terminated'];
    if (order.indexOf(state) <= order.indexOf(this.state)) return;
    this.state = state;
    this.emit();
  }
}

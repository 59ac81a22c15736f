/**
 * Builders for call commands. Fields are spelled out rather than spread: an object literal with a
 * spread in the middle takes V8's slow generic path, which showed up as the top cost in the bench.
 */
import type {
  AnnouncePositionCommand, CallOutcome, CallOutcomeCommand, CallRef, CancelOfferCommand, CancelReason, CloseCommand,
  CloseReason, OverflowCommand, OverflowReason,
} from './events.js';
import type { Target } from './config-types.js';

/** `cancel-offer` for one agent's leg. */
export function cancelOfferCmd(c: CallRef, offerId: number, extension: string, reason: CancelReason): CancelOfferCommand {
  return { type: 'cancel-offer', hotline: c.hotline, callId: c.callId, callerNumber: c.callerNumber, offerId, extension, reason };
}

/** `call.outcome`. */
export function outcomeCmd(c: CallRef, outcome: CallOutcome, waitSec: number): CallOutcomeCommand {
  const { hotline, callId, callerNumber } = c;
  switch (outcome.outcome) {
    case 'answered': return { type: 'call.outcome', hotline, callId, callerNumber, outcome: 'answered', extension: outcome.extension, waitSec };
    case 'abandoned': return { type: 'call.outcome', hotline, callId, callerNumber, outcome: 'abandoned', waitSec };
    case 'overflowed': return { type: 'call.outcome', hotline, callId, callerNumber, outcome: 'overflowed', reason: outcome.reason, waitSec };
    case 'closed': return { type: 'call.outcome', hotline, callId, callerNumber, outcome: 'closed', reason: outcome.reason, waitSec };
  }
}

/** `overflow`. */
export function overflowCmd(c: CallRef, target: Target | null, reason: OverflowReason): OverflowCommand {
  return { type: 'overflow', hotline: c.hotline, callId: c.callId, callerNumber: c.callerNumber, target, reason };
}

/** `close`. */
export function closeCmd(c: CallRef, target: Target | null, reason: CloseReason): CloseCommand {
  return { type: 'close', hotline: c.hotline, callId: c.callId, callerNumber: c.callerNumber, target, reason };
}

/** `announce-position`. */
export function announceCmd(c: CallRef, position: number, expectedWaitSec: number | null): AnnouncePositionCommand {
  return { type: 'announce-position', hotline: c.hotline, callId: c.callId, callerNumber: c.callerNumber, position, expectedWaitSec };
}

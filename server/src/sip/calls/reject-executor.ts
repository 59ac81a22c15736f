/** The `reject` route step: the SIP status of the reason (domain/sip-status.ts). */
import type { RouteStep } from '../../routing/index.js';
import type { IncomingCall } from './incoming-call.js';

/** Executes a `reject` step. */
export function rejectStep(call: IncomingCall, step: Extract<RouteStep, { kind: 'reject' }>): Promise<boolean> {
  call.reject(step.status, step.phrase, step.reason);
  return Promise.resolve(true);
}

/**
 * Extension points of the call layer: one executor per route-step kind (CONVENTIONS §2.2: each
 * feature brings its own executor; the Call holds only ids and legs) and caller identifiers that
 * run before digest authentication (a carrier trunk is recognised by its address, not challenged).
 */
import type { RouteStep } from '../../routing/index.js';
import type { CallOrigin } from '../../domain/call-context.js';
import type { SrfRequest, SrfResponse } from '../srf-types.js';
import type { IncomingCall } from './incoming-call.js';
import type { Party } from './targets.js';

/** Runs one step; resolves true when the call is finished (answered, rejected or ended). */
export type StepExecutor<K extends RouteStep['kind']> = (call: IncomingCall, step: Extract<RouteStep, { kind: K }>) => Promise<boolean>;

/** Executors by step kind. A kind without one is answered 480 (logged as not available). */
export type ExecutorTable = { [K in RouteStep['kind']]?: StepExecutor<K> };

/** Who is calling, as routing and the caller-ID policy need it. */
export interface Identified {
  readonly party: Party;
  readonly origin: CallOrigin;
  /** The direction recorded in the call record. */
  readonly direction: 'internal' | 'inbound';
}

/**
 * Recognises a caller before digest authentication. Returns the caller, 'handled' when it already
 * answered the request (e.g. refused it), or undefined to let the next identifier try.
 */
export type CallerIdentifier = (req: SrfRequest, res: SrfResponse) => Promise<Identified | 'handled' | undefined>;

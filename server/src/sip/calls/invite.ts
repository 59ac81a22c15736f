/**
 * The INVITE pipeline (CONVENTIONS §2.2, after jambonz): identify the caller, decide the route
 * (pure), then run one executor per step kind. A failure stays inside its call: the last catch
 * answers 500 if nothing was answered yet.
 */
import type { RouteStep } from '../../routing/index.js';
import { decideRoute } from '../../routing/index.js';
import type { Middleware, SrfRequest, SrfResponse } from '../srf-types.js';
import type { CallDeps } from './deps.js';
import { bridgeLegs, statusOf, type Leg } from './bridge.js';
import type { RecordedCall } from './recorder.js';
import { ringTargets, type RingOutcome } from './ring.js';
import { targetsForBindings, type Party } from './targets.js';
import { handleRefer } from './transfer.js';

/** State of one incoming call while its plan runs. */
export class IncomingCall {
  cancelled = false;
  answered = false;
  private abortRing: (() => void) | undefined;

  constructor(
    readonly deps: CallDeps,
    readonly req: SrfRequest,
    readonly res: SrfResponse,
    readonly caller: Party,
    readonly rec: RecordedCall,
  ) {
    req.on('cancel', () => {
      this.cancelled = true;
      this.abortRing?.();
    });
  }

  /** Runs steps in order until one ends the call. */
  async run(steps: readonly RouteStep[]): Promise<void> {
    for (const step of steps) {
      if (this.cancelled) return this.endCancelled();
      const handled = await this.step(step);
      if (handled) return;
    }
    // A plan that ran out of steps without an answer: nobody could take the call.
    this.reject(480, 'Temporarily Unavailable', 'no-route');
  }

  /** Runs one step; true when the call is finished (answered, rejected or cancelled). */
  private async step(step: RouteStep): Promise<boolean> {
    switch (step.kind) {
      case 'reject':
        this.reject(step.status, step.phrase, step.reason);
        return true;
      case 'user':
        return this.ringUser(step);
      case 'hotline':
      case 'huntGroup':
      case 'voicemail':
      case 'forward':
      case 'announcement':
      case 'ivr':
      case 'trunk':
      case 'emergency':
      case 'feature':
        this.deps.log.warn({ step: step.kind }, 'route step not available in this build');
        this.reject(480, 'Temporarily Unavailable', `unsupported-${step.kind}`);
        return true;
    }
  }

  private async ringUser(step: Extract<RouteStep, { kind: 'user' }>): Promise<boolean> {
    const { deps } = this;
    const site = deps.site();
    const callee = site.index.users.get(step.extension);
    if (!callee) return this.run(step.onNoAnswer).then(() => true);
    const bindings = step.devices ? deps.location.ofExtension(step.extension, deps.now()) : [];
    const targets = targetsForBindings(site, bindings, callee, this.caller);
    if (targets.length === 0) {
      await this.run(step.onNoAnswer);
      return true;
    }
    let ringing = false;
    const outcome: RingOutcome = await ringTargets({
      srf: deps.srf, log: deps.log, targets, offerSdp: this.req.body || undefined, ringSec: step.ringSec,
      onProvisional: () => {
        if (!ringing && !this.cancelled) {
          ringing = true;
          this.res.send(180);
        }
      },
      abort: (cancel) => { this.abortRing = cancel; },
    });
    this.abortRing = undefined;
    switch (outcome.kind) {
      case 'answered':
        await this.connect({ dialog: outcome.dialog, party: { kind: 'user', user: callee } }, outcome.dialog.remote.sdp, step.extension);
        return true;
      case 'answered-3pcc': {
        const offer = outcome.pending.sdp;
        try {
          const uas = await deps.srf.createUAS(this.req, this.res, { localSdp: offer });
          const answer = await new Promise<string>((resolve) => uas.once('ack', (ack: { body?: string }) => resolve(ack.body ?? '')));
          const b = await outcome.pending.ack(answer);
          this.bridged({ dialog: uas, party: this.caller }, { dialog: b, party: { kind: 'user', user: callee } }, step.extension);
        } catch (err) {
          outcome.pending.destroy().catch(() => undefined);
          if (this.cancelled) this.endCancelled();
          else throw err;
        }
        return true;
      }
      case 'cancelled':
        this.endCancelled();
        return true;
      case 'busy':
        await this.run(step.onBusy);
        return true;
      case 'declined':
        this.reject(603, 'Decline', 'declined');
        return true;
      case 'no-answer':
      case 'unavailable':
        await this.run(step.onNoAnswer);
        return true;
    }
  }

  /** Answers the caller with the callee's SDP and bridges the two legs. */
  async connect(b: Leg, sdp: string, answeredBy: string): Promise<void> {
    let uas;
    try {
      uas = await this.deps.srf.createUAS(this.req, this.res, { localSdp: sdp });
    } catch (err) {
      // The caller gave up while the callee answered: hang up the callee.
      b.dialog.destroy().catch(() => undefined);
      if (this.cancelled || statusOf(err) === 487) return this.endCancelled();
      throw err;
    }
    this.bridged({ dialog: uas, party: this.caller }, b, answeredBy);
  }

  private bridged(a: Leg, b: Leg, answeredBy: string): void {
    this.answered = true;
    this.rec.answered(answeredBy);
    bridgeLegs(this.deps, this.rec, a, b, (referrer, other, bridge, req, res) => handleRefer(this.deps, { referrer, other, bridge, req, res, rec: this.rec }));
  }

  /** Refuses the call (nothing answered yet). */
  reject(status: number, phrase: string, cause: string): void {
    if (!this.res.finalResponseSent) this.res.send(status, phrase);
    this.rec.ended(cause, status);
  }

  private endCancelled(): void {
    this.rec.ended('caller-cancelled', 487);
  }
}

/** Who is calling: an authenticated user of the site. Trunk callers come with issue 8. */
async function identify(deps: CallDeps, req: SrfRequest, res: SrfResponse): Promise<Party | undefined> {
  const who = deps.auth.authenticate(req, res, true);
  return who.ok ? { kind: 'user', user: who.user } : undefined;
}

/** The final INVITE handler: identify, decide, execute. */
export function inviteHandler(deps: CallDeps): Middleware {
  return (req, res) => {
    handleInvite(deps, req, res).catch((err: unknown) => {
      deps.log.error({ err, callId: req.get('Call-ID') }, 'call handling failed');
      if (!res.finalResponseSent) res.send(500);
    });
  };
}

async function handleInvite(deps: CallDeps, req: SrfRequest, res: SrfResponse): Promise<void> {
  const caller = await identify(deps, req, res);
  if (!caller || caller.kind !== 'user') return;
  const site = deps.site();
  const dialled = req.calledNumber || (/sips?:([^@;>]+)/.exec(req.uri)?.[1] ?? '');
  const plan = decideRoute({ from: { kind: 'internal', extension: caller.user.extension }, to: dialled }, site, deps.now(), deps.runtime());
  const log = deps.log.child({ callId: req.get('Call-ID') });
  log.debug({ explain: plan.explain }, 'route decided');
  const first = plan.steps[0];
  const rec = deps.recorder.start({
    callId: req.get('Call-ID') ?? '', caller: caller.user.extension, dialled,
    callee: first?.kind === 'user' ? first.extension : dialled, direction: 'internal',
  });
  await new IncomingCall({ ...deps, log }, req, res, caller, rec).run(plan.steps);
}

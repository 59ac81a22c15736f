/**
 * The `feature` route step: feature codes dialled from a user's phone (*21, *26, *41…). Each
 * feature registers a handler. A handler either finishes the call itself (menus, pickup,
 * voicemail access) or reports that its change is done, which is then confirmed to the caller:
 * with a prompt when a media server is connected, otherwise with a final response whose reason
 * phrase says what happened (phones show it).
 */
import type { RouteStep } from '../../routing/index.js';
import type { IncomingCall } from './incoming-call.js';

/** A feature step. */
export type FeatureStep = Extract<RouteStep, { kind: 'feature' }>;

/** What a feature handler did. */
export type FeatureResult =
  /** The change is made; confirm it with this prompt (or this text without media). */
  | { readonly kind: 'done'; readonly prompt: string; readonly text: string }
  /** The change was refused (e.g. unknown hotline); tell the caller. */
  | { readonly kind: 'refused'; readonly status: number; readonly prompt: string; readonly text: string }
  /** The handler took the call over and ends it itself. */
  | { readonly kind: 'handled' };

/** Handles one kind of feature. */
export type FeatureHandler = (call: IncomingCall, step: FeatureStep) => Promise<FeatureResult>;

/** Plays a confirmation prompt to the caller and hangs up; false when no media is available. */
export type Confirmer = (call: IncomingCall, prompt: string) => Promise<boolean>;

/** Feature handlers and the optional media confirmer. */
export class FeatureRegistry {
  private readonly handlers = new Map<FeatureStep['feature'], FeatureHandler>();
  private confirmer: Confirmer | undefined;

  /** Registers the handler of a feature. */
  add(feature: FeatureStep['feature'], fn: FeatureHandler): void {
    this.handlers.set(feature, fn);
  }

  /** Sets how confirmations are played (the media feature does). */
  setConfirmer(fn: Confirmer): void {
    this.confirmer = fn;
  }

  /** The route-step executor. */
  readonly execute = async (call: IncomingCall, step: FeatureStep): Promise<boolean> => {
    const handler = this.handlers.get(step.feature);
    if (!handler) {
      call.deps.log.warn({ feature: step.feature }, 'feature code not available in this build');
      call.reject(480, 'Temporarily Unavailable', `unsupported-feature-${step.feature}`);
      return true;
    }
    const r = await handler(call, step);
    if (r.kind === 'handled') return true;
    if (this.confirmer && (await this.confirmer(call, r.prompt))) {
      call.end(r.kind === 'done' ? `feature-${step.feature}` : `feature-refused-${step.feature}`, null);
      return true;
    }
    // Without media the reason phrase carries the confirmation (RFC 3261 §21: any text).
    call.reject(r.kind === 'done' ? 480 : r.status, r.text, r.kind === 'done' ? `feature-${step.feature}` : `feature-refused-${step.feature}`);
    return true;
  };
}

/**
 * Features plug into the server here (CONVENTIONS §2.2: explicit dependencies, no service
 * locator): each gets this context once at build time and registers SIP middleware, route-step
 * executors, caller identifiers, HTTP routes and bus subscribers.
 */
import type { PinGuard } from './lib/pin-guard.js';
import type { Logger } from 'pino';
import type { Db } from './store/db.js';
import type { SiteConfig } from './config/dialplan/index.js';
import type { RuntimeConfig } from './config/runtime.js';
import type { EventBus } from './events/bus.js';
import type { RuntimeFactsHolder } from './runtime-facts.js';
import type { SrfApp } from './sip/srf-types.js';
import type { LocationService } from './sip/registrar/location.js';
import type { DigestAuthenticator } from './sip/registrar/authenticator.js';
import type { CallDeps } from './sip/calls/deps.js';
import type { CallerIdentifier, StepExecutor } from './sip/calls/executors.js';
import type { RouteStep } from './routing/index.js';
import type { buildHttp } from './api/http.js';
import type { FeatureRegistry } from './sip/calls/feature-executor.js';
import type { MediaService } from './media/media-service.js';

/** What a feature receives. */
export interface FeatureContext {
  readonly config: RuntimeConfig;
  readonly db: Db;
  readonly log: Logger;
  readonly srf: SrfApp;
  readonly bus: EventBus;
  readonly now: () => number;
  readonly site: () => SiteConfig;
  readonly facts: RuntimeFactsHolder;
  readonly location: LocationService;
  readonly auth: DigestAuthenticator;
  /** The call layer's dependencies (for features that start or take calls). */
  readonly calls: CallDeps;
  readonly http: ReturnType<typeof buildHttp>;
  /** The media server (prompts, IVR, queues, voicemail), when one is configured. */
  readonly media: MediaService | undefined;
  /** Token that protects the /internal routes the CLI calls. */
  readonly adminToken: string;
  /** Wrong-PIN counters and lockouts of the user PIN, shared by the services that ask for it. */
  readonly pinGuard: PinGuard;
  /** Adds the executor of a route-step kind. */
  addExecutor<K extends RouteStep['kind']>(kind: K, fn: StepExecutor<K>): void;
  /** Feature-code handlers (*21, *26, *41 …) and the confirmation player. */
  readonly featureCodes: FeatureRegistry;
  /** Adds a caller identifier that runs before digest authentication. */
  addIdentifier(fn: CallerIdentifier): void;
  /** Runs `fn` when the server starts (after the HTTP listener) or stops. */
  onStart(fn: () => Promise<void> | void): void;
  onStop(fn: () => Promise<void> | void): void;
}

/** A feature: called once while the server is built. */
export type Feature = (ctx: FeatureContext) => void | Promise<void>;

/** What call handling needs from the rest of the feature server (passed in, CONVENTIONS §2.2). */
import type { Logger } from 'pino';
import type { SiteConfig } from '../../config/dialplan/index.js';
import type { RuntimeFacts } from '../../routing/index.js';
import type { EventBus } from '../../events/bus.js';
import type { SrfApp } from '../srf-types.js';
import type { LocationService } from '../registrar/location.js';
import type { DigestAuthenticator } from '../registrar/authenticator.js';
import type { CallRecorder } from './recorder.js';
import type { CallerIdentifier, ExecutorTable } from './executors.js';
import type { RingingCalls } from './ringing.js';
import type { MediaService } from '../../media/media-service.js';

/** Dependencies of the call layer. */
export interface CallDeps {
  readonly srf: SrfApp;
  readonly site: () => SiteConfig;
  readonly runtime: () => RuntimeFacts;
  readonly location: LocationService;
  readonly auth: DigestAuthenticator;
  readonly recorder: CallRecorder;
  readonly bus: EventBus;
  readonly log: Logger;
  readonly now: () => number;
  /** One executor per route-step kind (features add theirs). */
  readonly executors: ExecutorTable;
  /** The media server, when configured (set once while the server is built). */
  media?: MediaService | undefined;
  /** Calls ringing users now (directed pickup). */
  readonly ringing: RingingCalls;
  /** Recognise callers before digest authentication (trunks). */
  readonly identifiers: readonly CallerIdentifier[];
}

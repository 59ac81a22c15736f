/** Placeholder replaced below. */
import type { Logger } from 'pino';
import type { FeatureContext } from '../../feature.js';
import type { PresenceHub } from '../hub.js';
import type { PresenceState } from '../state.js';
import type { PickupTokens } from '../sip/pickup-tokens.js';

/** What the HTTP side needs. */
export interface HttpDeps {
  readonly hub: PresenceHub;
  readonly state: PresenceState;
  readonly tokens: PickupTokens;
  readonly log: Logger;
}

/** Adds the presence routes. */
export function presenceHttp(_ctx: FeatureContext, _deps: HttpDeps): void {}

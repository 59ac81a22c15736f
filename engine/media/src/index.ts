/**
 * The media engine: a TypeScript stand-in for FreeSWITCH as drachtio-fsmrf drives it.
 * The SIP side plugs in through {@link MediaEngine.createChannel} and {@link MrfLeg}.
 */
export { startMediaEngine, FREESWITCH_VERSION, type MediaEngine, type MediaEngineDeps } from './media-engine.js';
export { mediaEngineConfigSchema, parseMediaEngineConfig, type MediaEngineConfig, type MediaEngineConfigInput } from './config.js';
export {
  MrfLeg, type CreateChannelRequest, type CreateChannelResult, type CreateChannelRejection, type ReinviteResult,
} from './channel/create-channel.js';
export { Channel, type HangupInfo, type HangupInitiator, type PrivateMessage } from './channel/channel.js';
export { HANGUP_CAUSES, type HangupCause, parseHangupCause } from './channel/states.js';
/** The logger shape the engine accepts (a pino logger fits). */
export type { MediaLogger } from './channel/app-context.js';

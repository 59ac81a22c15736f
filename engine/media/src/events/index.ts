/** FreeSWITCH-style events and the engine's event bus. */
export { type EventValue, type FsEvent, eventHeader, EVENT_NAMES, normaliseEventName } from './fs-event.js';
export {
  type EngineIdentity, type CallingSite, type EventListener, EventBus, formatDateLocal, formatDateGmt,
} from './event-bus.js';

/** PURE SDP offer/answer for G.711 + telephone-event, FreeSWITCH-style. */
export {
  type MediaDirection,
  type MediaAddress,
  type SdpOrigin,
  type NegotiatedMedia,
  type SdpError,
  type SdpResult,
  type SdpAnswer,
  type LocalMediaOptions,
  OFFER_TELEPHONE_EVENT_PT,
  answerDirection,
  canSend,
  canReceive,
  answerOffer,
  createOffer,
  acceptAnswer,
} from './negotiate.js';

/** PURE G.711 codec: PCMU/PCMA tables and buffer conversion. */
export {
  type G711Law,
  G711_PAYLOAD_TYPE,
  linearToUlaw,
  linearToAlaw,
  ulawToLinear,
  alawToLinear,
  encodeG711,
  decodeG711,
  g711SilenceByte,
} from './g711.js';

/** `zentrale media-engine`: runs the embedded media engine (engine/media), a FreeSWITCH stand-in. */
export { run } from '../engine/media/src/main.js';

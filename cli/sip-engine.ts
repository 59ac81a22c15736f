/** `zentrale sip-engine`: runs the embedded SIP engine (engine/sip). */
export { run } from '../engine/sip/src/main.js';

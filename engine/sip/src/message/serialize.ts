/** SIP message serialiser: canonical header names, Content-Length always recomputed in bytes. */
import type { SipMessage } from './message.js';
import { canonicalHeaderName } from './headers.js';

/** The start line of a message. */
export function startLineOf(msg: SipMessage): string {
  return msg.method !== undefined ? `${msg.method} ${msg.uri} SIP/2.0` : `SIP/2.0 ${msg.status} ${msg.reason}`;
}

/**
 * Serialises a message. Any Content-Length header is replaced by the byte length of the body
 * (RFC 3261 §20.14), written last so the header block always ends with it.
 */
export function serializeMessage(msg: SipMessage): string {
  let s = startLineOf(msg) + '\r\n';
  for (const h of msg.headers) {
    if (h.name === 'content-length') continue;
    // drachtio-server keeps the case of X- headers as the app wrote them (reference §5.1).
    s += (h.raw !== undefined && h.name.startsWith('x-') ? h.raw : canonicalHeaderName(h.name)) + ': ' + h.value + '\r\n';
  }
  s += 'Content-Length: ' + Buffer.byteLength(msg.body, 'utf8') + '\r\n\r\n';
  return s + msg.body;
}

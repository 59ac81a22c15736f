/** Building responses from requests (RFC 3261 §8.2.6). */
import { SipMessage } from '../message/index.js';
import { stripTag } from './policy.js';

/** Standard reason phrases for the statuses the engine generates itself. */
export const REASONS: Readonly<Record<number, string>> = {
  100: 'Trying', 180: 'Ringing', 200: 'OK', 202: 'Accepted', 400: 'Bad Request', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 416: 'Unsupported URI Scheme',
  420: 'Bad Extension', 422: 'Session Interval Too Small', 480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist', 482: 'Loop Detected', 483: 'Too Many Hops', 487: 'Request Terminated',
  491: 'Request Pending', 500: 'Server Internal Error', 501: 'Not Implemented', 503: 'Service Unavailable',
  504: 'Server Time-out', 505: 'Version Not Supported', 513: 'Message Too Large',
};

/**
 * A response with Via, From, To, Call-ID and CSeq copied from the request ("the From field of
 * the response MUST equal the From header field of the request" and likewise, §8.2.6.2).
 * `toTag` is added to a To that has none.
 */
export function responseFor(req: SipMessage, status: number, reason?: string, toTag?: string): SipMessage {
  const res = SipMessage.response(status, reason ?? REASONS[status] ?? 'Unknown');
  for (const h of req.headers) if (h.name === 'via') res.append('via', h.value);
  res.append('from', req.get('from') ?? '');
  const to = req.get('to') ?? '';
  res.append('to', toTag && !req.toTag ? `${to};tag=${toTag}` : to);
  res.append('call-id', req.callId);
  res.append('cseq', req.get('cseq') ?? '');
  return res;
}

/** A locally generated response to our own request (408 on timeout, 503 on transport failure). */
export function localResponseFor(req: SipMessage, status: number): SipMessage {
  const res = SipMessage.response(status, REASONS[status] ?? 'Unknown');
  const via = req.first('via');
  if (via) res.append('via', via);
  res.append('from', req.get('from') ?? '');
  res.append('to', req.get('to') ?? '');
  res.append('call-id', req.callId);
  res.append('cseq', req.get('cseq') ?? '');
  return res;
}

export { stripTag };

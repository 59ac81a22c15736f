/**
 * Transaction matching keys (RFC 3261 §17.1.3 and §17.2.3) as pure functions of a message.
 */
import type { SipMessage } from '../message/index.js';
import { parseVia, MAGIC_COOKIE, type Via } from '../message/index.js';
import { splitHeaderList } from '../message/index.js';

/**
 * Parsed top Vias, per message and keyed by the header text they were parsed from: a message's
 * top Via is asked for three times or more on its way (dispatch, received/rport, transaction
 * match), and a changed header (received/rport added) is parsed again. Callers never modify a Via.
 */
const parsedVias = new WeakMap<SipMessage, { readonly raw: string; readonly via: Via | undefined }>();

/** The top Via of a message, parsed, or undefined. */
export function topVia(msg: SipMessage): Via | undefined {
  const v = msg.get('via');
  if (v === undefined) return undefined;
  const cached = parsedVias.get(msg);
  if (cached !== undefined && cached.raw === v) return cached.via;
  const first = v.indexOf(',') < 0 ? v : splitHeaderList(v)[0];
  const via = first ? parseVia(first) : undefined;
  parsedVias.set(msg, { raw: v, via });
  return via;
}

/**
 * §17.2.3 server transaction key for a request. With an RFC 3261 branch: branch, sent-by and
 * method, where ACK matches INVITE. CANCEL keeps its own method, so it forms its own
 * transaction; `inviteKeyForCancel` finds the INVITE it cancels. Older requests fall back to
 * the RFC 2543 tuple.
 */
export function serverKey(msg: SipMessage, via: Via): string {
  const method = msg.method === 'ACK' ? 'INVITE' : (msg.method ?? '');
  const branch = via.params.get('branch');
  if (branch && branch.startsWith(MAGIC_COOKIE)) return `${branch}|${via.host}:${via.port ?? ''}|${method}`;
  return legacyKey(msg, via, method);
}

/** Key of the INVITE server transaction a CANCEL refers to (same branch, method INVITE). */
export function inviteKeyForCancel(cancel: SipMessage, via: Via): string {
  const branch = via.params.get('branch');
  if (branch && branch.startsWith(MAGIC_COOKIE)) return `${branch}|${via.host}:${via.port ?? ''}|INVITE`;
  return legacyKey(cancel, via, 'INVITE');
}

function legacyKey(msg: SipMessage, via: Via, method: string): string {
  // RFC 3261 §17.2.3: Request-URI, To tag, From tag, Call-ID, CSeq number and top Via.
  // The To tag is left out so that an ACK (which carries our tag) matches its INVITE.
  const cseq = msg.cseq?.seq ?? '';
  return `legacy|${msg.uri}|${msg.fromTag ?? ''}|${msg.callId}|${cseq}|${via.host}:${via.port ?? ''}|${via.params.get('branch') ?? ''}|${method}`;
}

/** §17.1.3 client transaction key for a response: top Via branch plus CSeq method. */
export function clientKeyForResponse(msg: SipMessage): string | undefined {
  const via = topVia(msg);
  const branch = via?.params.get('branch');
  const method = msg.cseq?.method;
  if (!branch || !method) return undefined;
  return `${branch}|${method}`;
}

/** Client transaction key from the branch we generated and the request method. */
export function clientKey(branch: string, method: string): string {
  return `${branch}|${method}`;
}

/**
 * Builders for the frames the engine sends to apps (reference §3.2), with exact token layout.
 * Token positions matter to drachtio-srf; see the notes on each builder.
 */
import { stackTime } from '../control/frame.js';
import { newId } from './ids.js';

const CRLF = '\r\n';

/** `…|response|msgId|OK[|tokens…]` */
export function okFrame(msgId: string, ...tokens: string[]): string {
  return tokens.length ? `${newId()}|response|${msgId}|OK|${tokens.join('|')}` : `${newId()}|response|${msgId}|OK`;
}

/** Synchronous failure: `NO|reason`. */
export function noFrame(msgId: string, reason: string): string {
  return `${newId()}|response|${msgId}|NO|${reason}`;
}

/** Asynchronous failure: `NOK|reason` (Request#proxy tests for 'NOK' specifically). */
export function nokFrame(msgId: string, reason: string): string {
  return `${newId()}|response|${msgId}|NOK|${reason}`;
}

/**
 * Echo of a request the engine sent for the app: `OK|M6|TXN|Msg sent:|` CRLF text.
 * srf reads the transaction id at token 10 of the whole leader. Meta address/port are ours.
 */
export function requestEcho(msgId: string, txnId: string, text: string, protocol: string, host: string, port: number, now: number): string {
  return `${newId()}|response|${msgId}|OK|application|${Buffer.byteLength(text)}|${protocol}|${host}|${port}|${stackTime(now)}|${txnId}|Msg sent:|${CRLF}${text}`;
}

/**
 * Echo of a response the engine sent for the app: `OK|M6|TXN|DLG||Msg sent:|` CRLF text.
 * DLG (token 11) becomes the UAS dialog id. Meta address/port are the peer's; the protocol
 * token is empty for responses to non-INVITE requests, as the real server reports it.
 */
export function responseEcho(msgId: string, txnId: string, dialogId: string, text: string, protocol: string, address: string, port: number, now: number): string {
  return `${newId()}|response|${msgId}|OK|application|${Buffer.byteLength(text)}|${protocol}|${address}|${port}|${stackTime(now)}|${txnId}|${dialogId}||Msg sent:|${CRLF}${text}`;
}

/**
 * SIP from the network: `sip|network|bytes|proto|addr|port|time|TXN|DLG|[recvHost|recvPort|]`.
 * New out-of-dialog requests carry the receiving transport (srf's `req.receivedOn`).
 */
export function networkFrame(text: string, wireBytes: number, protocol: string, address: string, port: number, txnId: string, dialogId: string, now: number, receivedOn?: { host: string; port: number }): string {
  const recv = receivedOn ? `${receivedOn.host}|${receivedOn.port}|` : '';
  return `${newId()}|sip|network|${wireBytes}|${protocol}|${address}|${port}|${stackTime(now)}|${txnId}|${dialogId}|${recv}${CRLF}${text}`;
}

/** SIP the engine generated itself (unsolicited BYE, local 408/503): source `application`. */
export function applicationFrame(text: string, protocol: string, host: string, port: number, txnId: string, dialogId: string, now: number): string {
  return `${newId()}|sip|application|${Buffer.byteLength(text)}|${protocol}|${host}|${port}|${stackTime(now)}|${txnId}|${dialogId}|${CRLF}${text}`;
}

/** A proxy final response report: `OK|network|bytes|proto|addr|port|time|||continue` CRLF text. */
export function proxyContinueFrame(msgId: string, text: string, wireBytes: number, protocol: string, address: string, port: number, now: number): string {
  return `${newId()}|response|${msgId}|OK|network|${wireBytes}|${protocol}|${address}|${port}|${stackTime(now)}|||continue${CRLF}${text}`;
}

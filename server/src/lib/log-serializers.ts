/**
 * Serializers of the feature server's logger (CONVENTIONS §2.6). srf rejects a failed request
 * with a `SipError` that carries the whole SIP response as `res` (drachtio-srf lib/srf.js), and
 * pino's error serializer copies every enumerable property: a busy citizen on a callback or a
 * failed transfer would put raw SIP, with From, To and Contact of both parties, into a warn line.
 * Raw SIP belongs at trace only, and party numbers nowhere in the log (presence.md §5.3 test 16).
 */
import pino from 'pino';

/** Properties of an error that hold a SIP message, dropped from every logged error. */
const SIP_MESSAGE_KEYS = ['res', 'req', 'msg', 'raw'] as const;

/** pino's `err` serializer without the SIP messages srf attaches to its errors. */
export function serializeErr(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  for (const k of SIP_MESSAGE_KEYS) delete out[k];
  return out;
}

/** The serializers every logger of the feature server uses. */
export const LOG_SERIALIZERS = Object.freeze({ err: serializeErr });

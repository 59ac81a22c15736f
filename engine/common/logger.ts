/** pino logger factory for the engine processes (CONVENTIONS §2.6: one logger per process, redaction by default). */
import pino, { type Logger, type LevelWithSilent } from 'pino';

/** Paths redacted in every log line. */
export const REDACT_PATHS = ['*.password', '*.pin', '*.ha1', '*.token', '*.totpSecret', '*.secret', 'secret', 'headers.authorization', 'headers["proxy-authorization"]'];

/** Creates the process logger writing JSON lines to stdout (or to `destination`). */
export function createLogger(opts: { name: string; level: LevelWithSilent; destination?: NodeJS.WritableStream }): Logger {
  return pino({ name: opts.name, level: opts.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { pid: process.pid } }, opts.destination ?? pino.destination({ sync: false }));
}

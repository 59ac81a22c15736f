/**
 * Loads the SIP torture corpus of test/fixtures/sip (CONVENTIONS §2.9): valid messages and
 * invalid ones with their expectations (expectations.json beside them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/sip');

/** What the engine must do with an invalid message on one transport. */
export type WireOutcome = 400 | 416 | 505 | 'none' | 'unsendable' | 'close';

/** The §8.2 defect a syntactically parseable but invalid request carries. */
export type Defect =
  | 'missing-call-id' | 'missing-from' | 'missing-to' | 'missing-cseq' | 'bad-cseq' | 'cseq-method-mismatch'
  | 'bad-request-uri' | 'unsupported-scheme' | 'bad-max-forwards' | 'bad-from' | 'no-via';

/** Expectation for one invalid fixture. */
export interface InvalidExpectation {
  /** refused: ok false without partial; refused-partial: ok false with a partial message; accepted: ok true. */
  readonly parse: 'refused' | 'refused-partial' | 'accepted';
  /** A substring of the parser's reason (refused cases). */
  readonly reason?: string;
  readonly defect?: Defect;
  readonly udp: WireOutcome;
  /** Outcome over TCP; absent when the case says nothing new on a stream. */
  readonly tcp?: WireOutcome;
  readonly why: string;
  /** Set when the engine does not meet the expectation yet: the gap the lead must close. */
  readonly todo?: string;
}

/** One fixture file. */
export interface Fixture {
  readonly name: string;
  readonly bytes: Buffer;
}

function load(dir: string): Fixture[] {
  const d = path.join(root, dir);
  return readdirSync(d)
    .filter((f) => f.endsWith('.sip'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(d, name)) }));
}

/** The valid messages. */
export function validFixtures(): Fixture[] {
  return load('valid');
}

/** The invalid messages, each with its expectation; throws when a file has none or vice versa. */
export function invalidFixtures(): Array<Fixture & { readonly expect: InvalidExpectation }> {
  const expectations = JSON.parse(readFileSync(path.join(root, 'invalid', 'expectations.json'), 'utf8')) as Record<string, InvalidExpectation>;
  const files = load('invalid');
  const missing = Object.keys(expectations).filter((k) => !files.some((f) => f.name === k));
  if (missing.length) throw new Error(`expectations without fixture: ${missing.join(', ')}`);
  return files.map((f) => {
    const expect = expectations[f.name];
    if (!expect) throw new Error(`fixture without expectation: ${f.name}`);
    return { ...f, expect };
  });
}

// Shared test helpers for the caller-ID tests.
import fc from 'fast-check';
import type { Test } from 'tap';

type Asserter = Pick<Test, 'notOk'>;

/**
 * Runs a fast-check property and reports it as one assertion whose message carries fast-check's
 * counterexample, instead of thousands of assertions from inside the property.
 */
export function checkProperty<Ts extends [unknown, ...unknown[]]>(
  t: Asserter,
  name: string,
  property: fc.IProperty<Ts>,
  numRuns = 500,
): void {
  const result = fc.check(property, { numRuns });
  t.notOk(result.failed, result.failed ? `${name}\n${fc.defaultReportMessage(result) ?? ''}` : name);
}

import fc from 'fast-check';
import type { Test } from 'tap';

/** Runs a synchronous fast-check property and turns its verdict into one tap assertion carrying the counterexample. */
export function holds<Ts>(t: Test, property: fc.IProperty<Ts>, params?: fc.Parameters<Ts>): void {
  const details = fc.check(property, params);
  t.ok(!details.failed, details.failed ? (fc.defaultReportMessage(details) ?? 'property failed') : 'property holds');
}

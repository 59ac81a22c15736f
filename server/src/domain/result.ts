/**
 * Expected outcomes as values (CONVENTIONS §2.4): pure code returns a `Result` instead of throwing.
 * Structurally identical to the `lib/result` shape, so either can be passed where the other is expected.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Wraps a success value. */
export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

/** Wraps a failure value. */
export function err<E>(error: E): Result<never, E> {
  return { ok: false, error };
}

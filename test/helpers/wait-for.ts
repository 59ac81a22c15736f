/** Polls a condition until it holds (CONVENTIONS §2.9: no sleeps, no timing assertions). */
export async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, opts: { ms?: number; every?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (opts.ms ?? 10_000);
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what ?? 'condition'}`);
    await new Promise((r) => setTimeout(r, opts.every ?? 20));
  }
}

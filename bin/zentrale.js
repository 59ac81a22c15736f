#!/usr/bin/env -S node --max-semi-space-size=64
// Entry point of the `zentrale` command. The sources are TypeScript: run from a cached esbuild
// bundle (bin/bundle.js), or through tsx when no bundle can be built.
import { loadBundled } from './bundle.js';

let cli = await loadBundled();
if (!cli) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../cli/main.ts');
}
const code = await cli.main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
// A command has finished once main resolves: leftover handles (a library's reconnect timer, a
// child's pipe) must not keep the process alive. Give stdout a moment to drain, then exit.
setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();

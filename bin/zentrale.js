#!/usr/bin/env node
// Entry point of the `zentrale` command. The sources are TypeScript, loaded through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
const code = await main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
// A command has finished once main resolves: leftover handles (a library's reconnect timer, a
// child's pipe) must not keep the process alive. Give stdout a moment to drain, then exit.
setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();

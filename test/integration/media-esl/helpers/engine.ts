/** Starts a media engine on ephemeral ports with temporary directories, torn down with the test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { startMediaEngine, type MediaEngine, type MediaEngineConfigInput } from '../../../../engine/media/src/index.js';

/** A started engine and its scratch directories. */
export interface TestEngine {
  readonly engine: MediaEngine;
  readonly dir: string;
  readonly soundsDir: string;
  readonly recordingsDir: string;
}

let portBase = 21000 + (process.pid % 200) * 40;

/** Starts an engine for one test file; RTP ports come from a per-process slice of the range. */
export async function startTestEngine(t: Test, overrides: MediaEngineConfigInput = {}): Promise<TestEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'zentrale-media-'));
  const soundsDir = join(dir, 'sounds');
  const recordingsDir = join(dir, 'recordings');
  const portMin = portBase;
  portBase += 40;
  const engine = await startMediaEngine({
    esl: { port: 0, ...(overrides.esl ?? {}) },
    rtp: { portMin, portMax: portMin + 39, ...(overrides.rtp ?? {}) },
    soundsDir,
    recordingsDir,
    ...Object.fromEntries(Object.entries(overrides).filter(([k]) => k !== 'esl' && k !== 'rtp')),
  });
  t.teardown(async () => {
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { engine, dir, soundsDir, recordingsDir };
}

/** Resolves when `predicate` holds, polling on the event loop; rejects after `ms`. */
export async function waitFor(predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

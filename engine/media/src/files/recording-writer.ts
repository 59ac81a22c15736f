/**
 * Writes a recording as 8 kHz 16-bit mono WAV while the call runs: header first, samples
 * appended in batches of about a second, header sizes rewritten at the end. A crash mid-call
 * leaves the samples written so far in the file.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { RecordingSink } from '../channel/app-context.js';
import { pcm16WavHeader } from '../wav/index.js';

const FLUSH_BYTES = 16000;

/** Opens a recording; relative paths go under `recordingsDir`. Missing directories are created. */
export async function createRecordingWriter(path: string, recordingsDir: string): Promise<{ ok: true; sink: RecordingSink; path: string } | { ok: false; detail: string }> {
  const full = isAbsolute(path) ? path : join(recordingsDir, path);
  let handle: FileHandle;
  try {
    await mkdir(dirname(full), { recursive: true });
    handle = await open(full, 'w');
    await handle.write(pcm16WavHeader(0), 0, 44, 0);
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let dataBytes = 0;
  let chain: Promise<unknown> = Promise.resolve();
  let failed: unknown;
  const flush = (): void => {
    if (pendingBytes === 0) return;
    const chunk = Buffer.concat(pending, pendingBytes);
    const position = 44 + dataBytes;
    dataBytes += chunk.length;
    pending = [];
    pendingBytes = 0;
    chain = chain.then(() => handle.write(chunk, 0, chunk.length, position)).catch((err: unknown) => {
      failed = err;
    });
  };
  const sink: RecordingSink = {
    write(samples: Int16Array): void {
      const copy = Buffer.alloc(samples.byteLength);
      for (let i = 0; i < samples.length; i++) copy.writeInt16LE(samples[i] as number, i * 2);
      pending.push(copy);
      pendingBytes += copy.length;
      if (pendingBytes >= FLUSH_BYTES) flush();
    },
    async close(): Promise<number> {
      flush();
      await chain;
      try {
        await handle.write(pcm16WavHeader(dataBytes), 0, 44, 0);
      } finally {
        await handle.close();
      }
      if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
      return 44 + dataBytes;
    },
  };
  return { ok: true, sink, path: full };
}

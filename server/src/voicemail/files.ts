/**
 * Where messages and greetings live: <dataDir>/voicemail/<mailbox>/<id>.wav and
 * <dataDir>/voicemail/<mailbox>/greeting-<busy|unavailable>.wav. The media server records to
 * these absolute paths itself (same machine, ARCHITECTURE §2), so files are complete on disk when
 * its `record` ends, even when the caller hung up.
 */
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import wavefile from 'wavefile';
import type { GreetingKind } from './mailbox.js';

const { WaveFile } = wavefile;

/** The voicemail folder of a data directory. */
export function voicemailDir(dataDir: string): string {
  return resolve(dataDir, 'voicemail');
}

/** The path below the voicemail folder of a message. */
export function messageFileName(mailbox: string, id: string): string {
  return join(mailbox, `${id}.wav`);
}

/** The absolute path of a mailbox's own greeting. */
export function greetingPath(dir: string, mailbox: string, kind: GreetingKind): string {
  return join(dir, mailbox, `greeting-${kind}.wav`);
}

/** Creates a mailbox folder. */
export async function ensureMailboxDir(dir: string, mailbox: string): Promise<void> {
  await mkdir(join(dir, mailbox), { recursive: true });
}

/** True when `path` is a file. */
export async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Reads a recording as 8 kHz mono 16-bit samples; undefined when missing or no WAV. */
export async function readRecording(path: string): Promise<Int16Array | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return undefined;
  }
  try {
    const wav = new WaveFile(bytes);
    if (wav.bitDepth !== '16') wav.toBitDepth('16');
    if ((wav.fmt as { sampleRate: number }).sampleRate !== 8000) wav.toSampleRate(8000);
    return wav.getSamples(true, Int16Array) as unknown as Int16Array;
  } catch {
    return undefined;
  }
}

/**
 * Waits until the media server has closed a recording: its RIFF size field (rewritten when the
 * file is closed) then matches the file's size. False after `timeoutMs`.
 */
export async function waitForClosedWav(path: string, timeoutMs = 3000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fh = await open(path, 'r');
      try {
        const head = Buffer.alloc(8);
        const { bytesRead } = await fh.read(head, 0, 8, 0);
        const { size } = await fh.stat();
        if (bytesRead === 8 && size > 8 && head.readUInt32LE(4) === size - 8) return true;
      } finally {
        await fh.close();
      }
    } catch {
      // Not created yet.
    }
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Writes samples as an 8 kHz mono 16-bit WAV, through a temporary file and a rename. */
export async function writeRecording(path: string, samples: Int16Array): Promise<void> {
  const wav = new WaveFile();
  wav.fromScratch(1, 8000, '16', samples);
  const tmp = `${path}.tmp`;
  await writeFile(tmp, wav.toBuffer());
  await rename(tmp, path);
}

/** Removes a file if it exists. */
export async function removeFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** Moves a file into place (same file system). */
export async function moveFile(from: string, to: string): Promise<void> {
  await rename(from, to);
}

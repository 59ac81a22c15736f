/**
 * Prompt names to the files the media server plays. System prompts live in assets/prompts with
 * one folder per language (`de/vm/leave-message.wav`) and language-neutral sounds in `common/`
 * (`common/beep.wav`). The media server's sound directory is that folder (the media engine of `zentrale start`:
 * --sounds; FreeSWITCH: freeswitch-conf), so paths are relative to it.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The prompt folder of this installation. */
export const PROMPTS_DIR = resolve(fileURLToPath(new URL('../../../assets/prompts', import.meta.url)));

/**
 * The relative file of prompt `name` in `language`, falling back to German, then to `common/`.
 * Names may carry an extension or not. Undefined when no such prompt exists.
 */
export function promptFile(name: string, language: string, dir = PROMPTS_DIR): string | undefined {
  const base = name.endsWith('.wav') ? name : `${name}.wav`;
  for (const candidate of [`${language}/${base}`, `de/${base}`, `common/${base}`, base]) {
    if (existsSync(join(dir, candidate))) return candidate;
  }
  return undefined;
}

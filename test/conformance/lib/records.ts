/**
 * The record shape shared by golden transcripts (test/fixtures/conformance/README.md, "Record
 * format") and by our own captures, so one comparator can read both.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** Channels the drachtio transcripts use (the FreeSWITCH ones add ESL channels we do not capture). */
export type Channel = 'control' | 'sip:caller' | 'sip:callee' | 'app';

/** One protocol unit, connection event or note, as in the README's record table. */
export interface TraceRecord {
  readonly channel: Channel;
  /** Connection number within the channel (control only). */
  readonly conn?: number;
  readonly dir: string;
  readonly type: 'frame' | 'sip' | 'event' | 'note';
  readonly summary: string;
  /** `frame`: payload without the `N#` prefix; `sip`: the complete SIP message. */
  readonly text?: string;
  /** Position in the golden file, or capture order for our own records. Informative only. */
  readonly i?: number;
  /** Golden: ms since the first record. Captures: wall-clock ms. Informative only, never compared. */
  readonly t_ms?: number;
}

/** A golden file's first line. */
export interface GoldenMeta {
  readonly type: 'meta';
  readonly scenario: string;
  readonly description: string;
  readonly sipp_results: readonly { readonly role: 'caller' | 'callee'; readonly scenario: string; readonly exit_code: number }[];
}

/** A parsed golden transcript. */
export interface Golden {
  readonly meta: GoldenMeta;
  readonly records: readonly TraceRecord[];
}

const here = dirname(fileURLToPath(import.meta.url));

/** Folder of the drachtio golden transcripts. */
export const GOLDEN_DIR = join(here, '../../fixtures/conformance/drachtio');

/** Folder of the SIPp scenarios the transcripts were recorded with (identical copies). */
export const SCENARIO_DIR = join(here, '../../scenarios');

/** Loads `test/fixtures/conformance/drachtio/<scenario>.jsonl`. */
export function loadGolden(scenario: string): Golden {
  const lines = readFileSync(join(GOLDEN_DIR, `${scenario}.jsonl`), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const [first, ...rest] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  if (!first || first.type !== 'meta') throw new Error(`${scenario}.jsonl: first line is not a meta record`);
  return { meta: first as unknown as GoldenMeta, records: rest as unknown as TraceRecord[] };
}

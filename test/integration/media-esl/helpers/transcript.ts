/**
 * Reads the FreeSWITCH conformance transcripts (fixtures/, the ESL records of
 * shared/conformance/freeswitch) and compares an engine capture with them the way
 * conformance/README "How a test should compare" describes: per stream, placeholders bound on
 * first sight, JSON events and plain header blocks compared as key sets, the values that
 * clients read compared exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A transcript ESL record. */
export interface TranscriptRecord {
  readonly channel: string;
  readonly conn: number;
  readonly dir: 'app->fs' | 'fs->app';
  readonly head: string;
  readonly body: string | null;
}

/** Loads the ESL records of one scenario. */
export function loadTranscript(scenario: string): TranscriptRecord[] {
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', `${scenario}.jsonl`), 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((r) => r.type === 'esl') as unknown as TranscriptRecord[];
}

/** The fields of one message as a key → value map (JSON body, or plain header lines). */
export function fieldsOf(head: string, body: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (body && body.startsWith('{')) {
    for (const [k, v] of Object.entries(JSON.parse(body) as Record<string, unknown>)) out.set(k, Array.isArray(v) ? `ARRAY::${v.join('|:')}` : String(v));
    return out;
  }
  const text = head.startsWith('Event-Name:') ? head : body && /^[A-Za-z-]+: /.test(body) ? body : head;
  for (const line of text.split('\n')) {
    const i = line.indexOf(': ');
    if (i > 0) {
      const raw = line.slice(i + 2);
      let value = raw;
      try {
        value = decodeURIComponent(raw);
      } catch {
        value = raw;
      }
      out.set(line.slice(0, i), value);
    }
  }
  return out;
}

/** A short label of a message: content type plus event name or reply text. */
export function labelOf(head: string, body: string | null): string {
  const f = fieldsOf(head, null);
  const type = f.get('Content-Type') ?? '';
  if (head.startsWith('Event-Name: CHANNEL_DATA')) return 'command/reply CHANNEL_DATA';
  if (type === 'text/event-json' && body) {
    const e = fieldsOf(head, body);
    const app = e.get('Application');
    return `event ${e.get('Event-Name') ?? ''}${app ? ` ${app}` : ''}`;
  }
  if (type === 'command/reply') return `command/reply ${f.get('Reply-Text') ?? ''}`;
  return type;
}

/** Placeholder bindings shared across one scenario. */
export class Bindings {
  readonly #map = new Map<string, string>();
  readonly #taken = new Map<string, string>();

  /** Matches `actual` against a template with `{{NAME}}` placeholders, binding numbered ones consistently. */
  match(template: string, actual: string): boolean {
    const parts = template.split(/(\{\{[A-Z_0-9+]+\}\})/);
    let pattern = '^';
    const names: string[] = [];
    for (const part of parts) {
      if (/^\{\{.*\}\}$/.test(part)) {
        pattern += '(.+?)';
        names.push(part);
      } else {
        pattern += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
    }
    const m = new RegExp(`${pattern}$`, 's').exec(actual);
    if (!m) return false;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const value = m[i + 1] as string;
      if (!/_\d+\}\}$/.test(name)) continue;
      const bound = this.#map.get(name);
      if (bound !== undefined && bound !== value) return false;
      const owner = this.#taken.get(value);
      if (owner !== undefined && owner !== name) return false;
      this.#map.set(name, value);
      this.#taken.set(value, name);
    }
    return true;
  }
}

/**
 * The placeholder scheme of the golden transcripts (fixtures README, "Placeholder scheme" and
 * "How a test should compare" rule 3): every `{{NAME}}` in a golden text is a variable. On first
 * sight it binds to the engine's value; later sightings must show the same value, and two
 * different placeholders must never bind to the same value. Length and time placeholders only
 * check their shape; `{{CSEQ_n+d}}` binds the base `n` to the value minus `d`.
 */

/** A placeholder occurrence inside a golden text. */
interface Slot {
  readonly name: string;
  readonly offset: number;
}

/** Placeholders whose value is never bound, only shape-checked (README: TIME and lengths). */
const SHAPE_ONLY: Readonly<Record<string, RegExp>> = {
  TIME: /\d{2}:\d{2}:\d{2}\.\d{6}/,
  WIRELEN: /\d+/,
  SIPLEN: /\d+/,
  CLEN: /\d+/,
};

/** What a placeholder's value may look like, so adjacent literal text is not swallowed. */
function valueShape(name: string): string {
  if (/^(PORT_|CSEQ_|SDP_O_)/.test(name)) return '\\d+';
  if (name === 'DIGEST_RESPONSE') return '[0-9a-fA-F]+';
  if (/^(CALLID_)/.test(name)) return '[^\\s;|,]+';
  if (/^(TAG_|BRANCH_)/.test(name)) return '[^\\s;|,>"]+';
  if (/^(MSGID_|FRAMEID_|TXN_)/.test(name)) return '[^\\s|]+';
  return '[^\\s|]+?';
}

const TOKEN = /\{\{([A-Z][A-Z0-9_]*?)(?:\+(\d+))?\}\}/g;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A successful match: the new bindings it would add and the shape-only values it saw. */
export interface Match {
  readonly ok: true;
  readonly fresh: ReadonlyMap<string, string>;
  readonly shapes: readonly { readonly name: string; readonly value: string }[];
}

/** A failed match with the golden text as far as it is bound, for the failure message. */
export interface Mismatch {
  readonly ok: false;
  /** The golden text as written, with its placeholders. */
  readonly pattern: string;
  /** The golden text with the placeholders bound so far replaced by their values. */
  readonly expected: string;
  readonly reason: string;
}

/** Placeholder bindings for one comparison (one golden file against one capture). */
export class Binder {
  private readonly byName = new Map<string, string>();
  private readonly byValue = new Map<string, string>();

  /** Current bindings, for diagnostics. */
  get bindings(): ReadonlyMap<string, string> {
    return this.byName;
  }

  /** Matches `actual` against golden `expected` without committing any binding. */
  test(expected: string, actual: string): Match | Mismatch {
    const slots: Slot[] = [];
    let pattern = '^';
    let last = 0;
    const groupOf = new Map<string, string>();
    const captures: { group: string; name: string; offset: number; shape: boolean }[] = [];
    for (const m of expected.matchAll(TOKEN)) {
      pattern += escape(expected.slice(last, m.index));
      last = m.index + m[0].length;
      const name = m[1] ?? '';
      const offset = Number(m[2] ?? 0);
      slots.push({ name, offset });
      const shape = SHAPE_ONLY[name];
      const group = `g${captures.length}`;
      if (shape) {
        pattern += `(?<${group}>${shape.source})`;
        captures.push({ group, name, offset, shape: true });
        continue;
      }
      const bound = this.byName.get(name);
      if (bound !== undefined) {
        pattern += escape(offset ? String(Number(bound) + offset) : bound);
        continue;
      }
      const key = `${name}+${offset}`;
      const earlier = groupOf.get(key);
      if (earlier) {
        pattern += `\\k<${earlier}>`;
        continue;
      }
      groupOf.set(key, group);
      pattern += `(?<${group}>${valueShape(name)})`;
      captures.push({ group, name, offset, shape: false });
    }
    pattern += escape(expected.slice(last)) + '$';
    const m = new RegExp(pattern, 's').exec(actual);
    if (!m) return { ok: false, pattern: expected, expected: this.render(expected), reason: 'text differs' };
    const fresh = new Map<string, string>();
    const shapes: { name: string; value: string }[] = [];
    for (const c of captures) {
      const raw = m.groups?.[c.group] ?? '';
      if (c.shape) {
        shapes.push({ name: c.name, value: raw });
        continue;
      }
      const value = c.offset ? String(Number(raw) - c.offset) : raw;
      const prior = fresh.get(c.name);
      if (prior !== undefined && prior !== value) return { ok: false, pattern: expected, expected: this.render(expected), reason: `{{${c.name}}} would bind to both ${prior} and ${value}` };
      const owner = this.byValue.get(value);
      if (owner !== undefined && owner !== c.name) return { ok: false, pattern: expected, expected: this.render(expected), reason: `{{${c.name}}} would bind to ${value}, already bound to {{${owner}}}` };
      for (const [other, v] of fresh) if (v === value && other !== c.name) return { ok: false, pattern: expected, expected: this.render(expected), reason: `{{${c.name}}} and {{${other}}} would both bind to ${value}` };
      fresh.set(c.name, value);
    }
    return { ok: true, fresh, shapes };
  }

  /** Commits the bindings of a successful match. */
  commit(m: Match): void {
    for (const [name, value] of m.fresh) {
      this.byName.set(name, value);
      this.byValue.set(value, name);
    }
  }

  /** Matches and commits; returns the mismatch, or the match. */
  match(expected: string, actual: string): Match | Mismatch {
    const r = this.test(expected, actual);
    if (r.ok) this.commit(r);
    return r;
  }

  /** The golden text with every bound placeholder replaced by its value. */
  render(expected: string): string {
    return expected.replace(TOKEN, (whole, name: string, off: string | undefined) => {
      const v = this.byName.get(name);
      if (v === undefined) return whole;
      return off ? String(Number(v) + Number(off)) : v;
    });
  }
}

/**
 * Dialplan issues: `{ file, path, message }`, printed as `file: path: reason` (CONVENTIONS §2.4).
 * The path uses the file's own key names and list positions, so `hotlines[0].timePlan` points at
 * the line to fix.
 */
import type { z } from 'zod';

/** One problem in a dialplan file. */
export interface DialplanIssue {
  /** The file as given to `loadDialplan`. */
  readonly file: string;
  /** Position in the file: `hotlines[0].timePlan`, `line 3` for YAML syntax, `` for the whole file. */
  readonly path: string;
  /** What is wrong, in words. */
  readonly message: string;
}

/** A path segment: a key or a list position. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Formats a path like `hotlines[0].digits["1"].user`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Formats an issue as `file: path: reason` (or `file: reason` without a path). */
export function formatIssue(issue: DialplanIssue): string {
  return issue.path === '' ? `${issue.file}: ${issue.message}` : `${issue.file}: ${issue.path}: ${issue.message}`;
}

/** Orders issues by file, then path, then message, so output is stable. */
export function sortIssues(issues: readonly DialplanIssue[]): DialplanIssue[] {
  return [...issues].sort((a, b) => a.file.localeCompare(b.file) || a.path.localeCompare(b.path, 'en', { numeric: true }) || a.message.localeCompare(b.message));
}

type ZodIssue = z.core.$ZodIssue;

function typeName(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'list';
  if (typeof input === 'object') return 'mapping';
  return typeof input;
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'object': return 'a mapping';
    case 'array': return 'a list';
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return 'true or false';
    default: return expected;
  }
}

function sizeMessage(issue: { origin: string; inclusive?: boolean }, bound: number | bigint, small: boolean): string {
  const word = small ? 'at least' : 'at most';
  switch (issue.origin) {
    case 'array': return `must have ${word} ${bound} item${bound === 1 ? '' : 's'}`;
    case 'string': return `must be ${word} ${bound} character${bound === 1 ? '' : 's'}`;
    default: return `must be ${small ? '>=' : '<='} ${bound}`;
  }
}

/** Whether an issue says the input had the wrong type at the very position the union checks. */
function isShapeMismatch(issues: readonly ZodIssue[]): boolean {
  return issues.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value'));
}

/** Converts zod issues (parsed with `reportInput: true`) into dialplan issues of one file. */
export function fromZodIssues(file: string, issues: readonly ZodIssue[], prefix: readonly PathSegment[] = []): DialplanIssue[] {
  const out: DialplanIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as PathSegment[])];
    switch (issue.code) {
      case 'invalid_type': {
        const input = (issue as { input?: unknown }).input;
        if (input === undefined) out.push({ file, path: formatPath(path), message: 'required' });
        else if (issue.expected === 'string' && typeof input === 'number') {
          out.push({ file, path: formatPath(path), message: `expected a string: quote it, e.g. "${String(input)}"` });
        } else out.push({ file, path: formatPath(path), message: `expected ${expectedName(issue.expected)}, got ${typeName(input)}` });
        break;
      }
      case 'unrecognized_keys':
        for (const key of issue.keys) out.push({ file, path: formatPath([...path, key]), message: 'unknown key' });
        break;
      case 'invalid_value':
        out.push({ file, path: formatPath(path), message: `must be one of: ${issue.values.map((v) => String(v)).join(', ')}` });
        break;
      // A message the schema set itself wins over the generic wording; zod's own start with "Too".
      case 'too_small':
        out.push({ file, path: formatPath(path), message: issue.message.startsWith('Too') ? sizeMessage(issue, issue.minimum, true) : issue.message });
        break;
      case 'too_big':
        out.push({ file, path: formatPath(path), message: issue.message.startsWith('Too') ? sizeMessage(issue, issue.maximum, false) : issue.message });
        break;
      case 'invalid_key':
        out.push(...fromZodIssues(file, issue.issues, path).map((i) => ({ ...i, message: `key: ${i.message}` })));
        break;
      case 'invalid_union': {
        const applicable = issue.errors.filter((branch) => !isShapeMismatch(branch));
        const [only] = applicable;
        if (applicable.length === 1 && only) out.push(...fromZodIssues(file, only, path));
        else out.push({ file, path: formatPath(path), message: 'does not match any allowed form' });
        break;
      }
      case 'invalid_format':
      case 'custom':
      case 'not_multiple_of':
      case 'invalid_element':
        out.push({ file, path: formatPath(path), message: issue.message });
        break;
    }
  }
  return out;
}

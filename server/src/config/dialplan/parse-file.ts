/**
 * YAML text of one file -> a validated `DialplanFile`, or issues with file and path.
 */
import { parseDocument } from 'yaml';
import { err, ok, type Result } from '../../domain/result.js';
import { fromZodIssues, type DialplanIssue } from './issues.js';
import { dialplanFileSchema, type DialplanFile } from './schema/index.js';

/** A dialplan source: its name (path) and text. */
export interface DialplanSource {
  readonly path: string;
  readonly text: string;
}

/** The first line of a yaml error message, without the position the path already gives. */
function yamlReason(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/** Parses and validates one file. An empty file is an empty dialplan. */
export function parseDialplanFile(source: DialplanSource): Result<DialplanFile, DialplanIssue[]> {
  // uniqueKeys: a key given twice is an error, never "the last one wins".
  const doc = parseDocument(source.text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return err(doc.errors.map((e) => ({
      file: source.path,
      path: e.linePos ? `line ${e.linePos[0].line}` : '',
      message: yamlReason(e.message),
    })));
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return err([{ file: source.path, path: '', message: e instanceof Error ? yamlReason(e.message) : String(e) }]);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return err([{ file: source.path, path: '', message: 'expected a mapping at the top level' }]);
  }
  const parsed = dialplanFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) return err(fromZodIssues(source.path, parsed.error.issues));
  return ok(parsed.data);
}

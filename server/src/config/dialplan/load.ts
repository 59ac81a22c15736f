/**
 * `loadDialplan`: all files -> one frozen SiteConfig, or every issue found. All-or-nothing
 * (CONVENTIONS §2.5): nothing is returned unless every file is valid and every reference resolves.
 */
import { err, ok, type Result } from '../../domain/result.js';
import { buildSiteConfig } from './build.js';
import { checkNumbers } from './check-numbers.js';
import { checkReferences } from './check-refs.js';
import { sortIssues, type DialplanIssue } from './issues.js';
import { mergeFiles } from './merge.js';
import { parseDialplanFile, type DialplanSource } from './parse-file.js';
import type { DialplanFile } from './schema/index.js';
import type { SiteConfig } from './site-config.js';

/**
 * Parses, validates, merges and resolves dialplan files. Files merge in the given order: lists
 * concatenate; `site`, `numbers`, `outbound`, `featureCodes` and `worksCouncilMode` may appear in
 * one file only. Issues are sorted by file and path.
 */
export function loadDialplan(files: readonly DialplanSource[]): Result<SiteConfig, DialplanIssue[]> {
  const parsed: { path: string; data: DialplanFile }[] = [];
  const issues: DialplanIssue[] = [];
  for (const file of files) {
    const r = parseDialplanFile(file);
    if (r.ok) parsed.push({ path: file.path, data: r.value });
    else issues.push(...r.error);
  }
  // Cross-file checks on a broken file would only add noise.
  if (issues.length > 0) return err(sortIssues(issues));
  const { merged, issues: mergeIssues } = mergeFiles(parsed);
  issues.push(...mergeIssues, ...checkNumbers(merged), ...checkReferences(merged));
  if (issues.length > 0) return err(sortIssues(issues));
  return ok(buildSiteConfig(merged));
}

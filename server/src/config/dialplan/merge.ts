/**
 * Merging several dialplan files: list sections concatenate, single sections may be defined by one
 * file only. Every entry keeps where it came from, so later checks can name file and path.
 */
import type { DialplanIssue, PathSegment } from './issues.js';
import { formatPath } from './issues.js';
import type { DialplanFile } from './schema/index.js';
import { LIST_SECTIONS, SINGLE_SECTIONS } from './schema/index.js';

/** A value and where it was written. */
export interface Located<T> {
  readonly value: T;
  readonly file: string;
  readonly path: readonly PathSegment[];
}

type ListSection = (typeof LIST_SECTIONS)[number];
type SingleSection = (typeof SINGLE_SECTIONS)[number];
type Item<K extends ListSection> = NonNullable<DialplanFile[K]>[number];

/** All files merged, each entry located. */
export type MergedDialplan = { readonly [K in ListSection]: readonly Located<Item<K>>[] } & {
  readonly [K in SingleSection]: Located<NonNullable<DialplanFile[K]>> | undefined;
};

/** Merges validated files in the given order; a single section defined twice is an issue. */
export function mergeFiles(files: readonly { readonly path: string; readonly data: DialplanFile }[]): {
  merged: MergedDialplan;
  issues: DialplanIssue[];
} {
  const issues: DialplanIssue[] = [];
  const lists = Object.fromEntries(LIST_SECTIONS.map((k) => [k, [] as Located<unknown>[]])) as Record<ListSection, Located<unknown>[]>;
  const singles: Partial<Record<SingleSection, Located<unknown>>> = {};
  for (const { path: file, data } of files) {
    for (const key of LIST_SECTIONS) {
      const items = data[key] as readonly unknown[] | undefined;
      items?.forEach((value, i) => lists[key].push({ value, file, path: [key, i] }));
    }
    for (const key of SINGLE_SECTIONS) {
      const value = data[key];
      if (value === undefined) continue;
      const earlier = singles[key];
      if (earlier) issues.push({ file, path: formatPath([key]), message: `already defined in ${earlier.file}` });
      else singles[key] = { value, file, path: [key] };
    }
  }
  return { merged: { ...lists, ...singles } as unknown as MergedDialplan, issues };
}

// The site's number blocks. §120(2) TKG lets us present only numbers we hold the right of use
// for (caller-id.md §2.1), so every number the policy presents is checked against these blocks.

/**
 * One block of direct-dial numbers: `base` in E.164 plus a DDI range, e.g.
 * `{ base: "+49803162", ddi: "0-999" }` for +49 8031 62-0 … 62-999. A range whose ends have the
 * same width above one digit (`"000-999"`) means fixed-width DDIs; otherwise DDIs are written
 * without leading zeros (`62-0`, `62-5`, `62-301`).
 */
export interface NumberBlock {
  readonly base: string;
  readonly ddi: string;
}

interface DdiRange {
  readonly lo: string;
  readonly hi: string;
}

function parseDdiRange(ddi: string): DdiRange | null {
  const m = /^(\d{1,15})(?:-(\d{1,15}))?$/.exec(ddi.trim());
  if (m === null) return null;
  const lo = m[1] ?? '';
  const hi = m[2] ?? lo;
  return Number(lo) <= Number(hi) ? { lo, hi } : null;
}

function suffixInRange(suffix: string, range: DdiRange): boolean {
  if (!/^\d+$/.test(suffix)) return false;
  const fixedWidth = range.lo.length === range.hi.length && range.lo.length > 1;
  if (fixedWidth ? suffix.length !== range.lo.length : suffix !== String(Number(suffix))) return false;
  const value = Number(suffix);
  return value >= Number(range.lo) && value <= Number(range.hi);
}

/** True when the E.164 `number` is one of the DDIs of `blocks`. */
export function inNumberBlocks(number: string, blocks: readonly NumberBlock[]): boolean {
  return blocks.some((block) => {
    const range = parseDdiRange(block.ddi);
    return range !== null && number.startsWith(block.base) && suffixInRange(number.slice(block.base.length), range);
  });
}

/**
 * Problems with a block declaration and the site numbers that must lie inside it; empty when
 * fine. Meant for the dialplan validator, so that the policy's fallbacks stay exceptional.
 */
export function numberBlockIssues(site: {
  readonly blocks: readonly NumberBlock[];
  readonly main: string;
  readonly emergency: string;
  readonly emergencyCallback?: string | null;
}): string[] {
  const issues: string[] = [];
  if (site.blocks.length === 0) issues.push('blocks: at least one number block is needed');
  site.blocks.forEach((block, i) => {
    if (!/^\+[1-9]\d{1,13}$/.test(block.base)) issues.push(`blocks.${i}.base: not an E.164 prefix: ${block.base}`);
    if (parseDdiRange(block.ddi) === null) issues.push(`blocks.${i}.ddi: not a range like "0-999": ${block.ddi}`);
  });
  const inside: [string, string | null | undefined][] = [
    ['main', site.main],
    ['emergency', site.emergency],
    ['emergencyCallback', site.emergencyCallback],
  ];
  for (const [key, value] of inside) {
    if (value !== null && value !== undefined && !inNumberBlocks(value, site.blocks)) {
      issues.push(`${key}: ${value} is outside the number blocks`);
    }
  }
  return issues;
}

/**
 * Number blocks: `{ base: "+49803162", ddi: "0-999" }` holds +498031620 … +49803162999.
 */

/** A number block as configured. */
export interface NumberBlock {
  readonly base: string;
  readonly ddi: string;
}

/**
 * Whether an E.164 number lies in a block. Bounds of equal width with a leading zero (`00-99`)
 * mean fixed-width suffixes; otherwise suffixes have no leading zero (`0-999`: 62-0 … 62-999).
 */
export function inBlock(number: string, block: NumberBlock): boolean {
  if (!number.startsWith(block.base)) return false;
  const suffix = number.slice(block.base.length);
  const [lo = '', hi = ''] = block.ddi.split('-');
  if (!/^[0-9]+$/.test(suffix)) return false;
  const fixed = lo.length === hi.length && lo.length > 1 && lo.startsWith('0');
  if (fixed) return suffix.length === lo.length && suffix >= lo && suffix <= hi;
  if (suffix.length > 1 && suffix.startsWith('0')) return false;
  const n = Number(suffix);
  return n >= Number(lo) && n <= Number(hi);
}

/** Whether an E.164 number lies in any of the blocks. */
export function inBlocks(number: string, blocks: readonly NumberBlock[]): boolean {
  return blocks.some((b) => inBlock(number, b));
}

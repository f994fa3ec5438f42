/**
 * The items (findings, by position in the index, or codes of another
 * field) of each code of one field, side by side: the items of code `c` are
 * `items[offsets[c]]` up to `items[offsets[c + 1]]`, ascending. A search then
 * visits the items of the codes that match only, not every item.
 */
export class Postings {
  private constructor(
    readonly offsets: Int32Array,
    readonly items: Int32Array,
  ) {}

  /**
   * From each item's code: item `i` (or `items[i]`, when given) has code
   * `codes[i]`, below `size`.
   */
  static of(
    codes: ArrayLike<number>,
    size: number,
    items?: ArrayLike<number>,
  ): Postings {
    const offsets = new Int32Array(size + 1);
    for (let i = 0; i < codes.length; i++) offsets[codes[i] + 1]++;
    for (let c = 0; c < size; c++) offsets[c + 1] += offsets[c];
    const next = offsets.slice(0, size);
    const listed = new Int32Array(codes.length);
    for (let i = 0; i < codes.length; i++) {
      listed[next[codes[i]]++] = items ? items[i] : i;
    }
    return new Postings(offsets, listed);
  }

  /** Items of `code`. */
  count(code: number): number {
    return this.offsets[code + 1] - this.offsets[code];
  }

  /** Sets `marks[item]` for every item of the codes `mask` marks. */
  mark(mask: Uint8Array, marks: Uint8Array): void {
    const codes = Math.min(mask.length, this.offsets.length - 1);
    const { offsets, items } = this;
    for (let c = 0; c < codes; c++) {
      if (!mask[c]) continue;
      for (let j = offsets[c]; j < offsets[c + 1]; j++) marks[items[j]] = 1;
    }
  }

  /** Items of the codes `mask` marks, summed (each item once per code). */
  countMarked(mask: Uint8Array): number {
    const codes = Math.min(mask.length, this.offsets.length - 1);
    let total = 0;
    for (let c = 0; c < codes; c++) if (mask[c]) total += this.count(c);
    return total;
  }
}

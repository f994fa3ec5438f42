/**
 * The findings (by position in the index) of each code of one field, side
 * by side: the findings of code `c` are `items[offsets[c]]` up to
 * `items[offsets[c + 1]]`, ascending. A search then visits the findings of
 * the codes that match only, not every finding.
 */
export class Postings {
  private constructor(
    private readonly offsets: Int32Array,
    private readonly items: Int32Array,
  ) {}

  /** From each finding's code (`codes[i]`, below `size`). */
  static of(codes: ArrayLike<number>, size: number): Postings {
    const offsets = new Int32Array(size + 1);
    for (let i = 0; i < codes.length; i++) offsets[codes[i] + 1]++;
    for (let c = 0; c < size; c++) offsets[c + 1] += offsets[c];
    const next = offsets.slice(0, size);
    const items = new Int32Array(codes.length);
    for (let i = 0; i < codes.length; i++) items[next[codes[i]]++] = i;
    return new Postings(offsets, items);
  }

  /** Sets `marks[i]` for every finding whose code `mask` marks. */
  mark(mask: Uint8Array, marks: Uint8Array): void {
    const codes = Math.min(mask.length, this.offsets.length - 1);
    const { offsets, items } = this;
    for (let c = 0; c < codes; c++) {
      if (!mask[c]) continue;
      for (let j = offsets[c]; j < offsets[c + 1]; j++) marks[items[j]] = 1;
    }
  }
}

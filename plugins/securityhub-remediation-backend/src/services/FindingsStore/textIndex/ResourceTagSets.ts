/**
 * The distinct sets of `key=value` tags the findings' resources carry, as
 * small integer codes: a finding has one set (all its resources' tags), and
 * findings share few sets, so a tag filter is checked once per set, not once
 * per finding.
 */
export class ResourceTagSets {
  private readonly codes = new Map<string, number>();
  private readonly sets: string[][] = [];

  get size(): number {
    return this.sets.length;
  }

  /** The code of the set of `tags` (any order, each once). */
  code(tags: string[]): number {
    const sorted = [...tags].sort();
    const key = JSON.stringify(sorted);
    let code = this.codes.get(key);
    if (code === undefined) {
      code = this.sets.length;
      this.sets.push(sorted);
      this.codes.set(key, code);
    }
    return code;
  }

  /** Per code, 1 when its set holds every tag of `required`. */
  holdingAll(required: string[]): Uint8Array {
    return Uint8Array.from(this.sets, set =>
      required.every(tag => set.includes(tag)) ? 1 : 0,
    );
  }
}

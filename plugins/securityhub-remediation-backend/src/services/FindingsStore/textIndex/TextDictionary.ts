/**
 * Distinct texts as small integer codes, searched for substrings all at
 * once: once sealed, every text sits in one string, separated by a newline,
 * and a term is found with `indexOf` over that string instead of text by
 * text. Terms never hold whitespace (free text is split on it), so a match
 * never spans two texts.
 */
export class TextDictionary {
  private codes? = new Map<string, number>();
  private parts: string[] = [];
  private joined = '';
  /** Where each text starts in `joined`, plus one past the end. */
  private starts = new Int32Array(1);

  get size(): number {
    return this.starts.length - 1 || this.parts.length;
  }

  /** The code of `text` (lower-case), adding it if new; only before `seal`. */
  code(text: string): number {
    if (!this.codes) throw new Error('the dictionary is sealed');
    let code = this.codes.get(text);
    if (code === undefined) {
      code = this.parts.length;
      // A copy of its own: `text` may be a slice of a whole row's text,
      // which keeping it would keep in memory.
      const own = ` ${text}`.slice(1);
      this.parts.push(own);
      this.codes.set(own, code);
    }
    return code;
  }

  /** Joins the texts into one and drops the map. */
  seal(): void {
    this.starts = new Int32Array(this.parts.length + 1);
    let at = 0;
    this.parts.forEach((part, code) => {
      this.starts[code] = at;
      at += part.length + 1;
    });
    this.starts[this.parts.length] = at;
    this.joined = `${this.parts.join('\n')}\n`;
    this.parts = [];
    this.codes = undefined;
  }

  /** Per code, 1 when its text holds `term`. */
  matching(term: string): Uint8Array {
    const mask = new Uint8Array(this.size);
    if (term.length === 0) return mask.fill(1);
    const { starts, joined } = this;
    // Hits come in text order: the code of each is found by stepping on
    // from the last (all the steps of a search together: one per text).
    let code = 0;
    for (let at = joined.indexOf(term); at >= 0; ) {
      while (starts[code + 1] <= at) code++;
      mask[code] = 1;
      at = joined.indexOf(term, starts[code + 1]); // the next text
    }
    return mask;
  }
}

import { editDistance } from '../editDistance';
import { normaliseTerm, tokenize } from './queryAnalysis';
import { CONCEPTS, SERVICE_NICKNAMES } from './vocabulary';

/** Unknown words looked at per query: pasted text can hold hundreds. */
const MAX_REPAIRED_WORDS = 12;

/**
 * Mends what people type wrong, against the words the retriever knows (the
 * indexed catalog text and the vocabulary's phrases):
 * - "flowlogs" → "flow logs": two known words written together;
 * - "bukcet" → "bucket", "downlaod" → "download": one edit away (two from
 *   eight letters), a swap of neighbouring letters counting one. BM25's own
 *   fuzzy matching counts a swap as two edits and never reaches the
 *   vocabulary's phrases.
 * The mended words are added next to the typed ones, which stay.
 */
export class QueryRepair {
  readonly #known = new Set<string>();
  /** Known words by length, for the edit-distance scan. */
  readonly #byLength = new Map<number, string[]>();

  constructor(indexedTexts: Iterable<string>) {
    const vocabularyText = [
      ...CONCEPTS.map(c => c.phrases),
      ...SERVICE_NICKNAMES.map(n => n.phrases),
    ];
    for (const text of [...indexedTexts, ...vocabularyText]) {
      for (const token of tokenize(text)) {
        const word = token.toLowerCase();
        if (!/^\p{L}+$/u.test(word)) continue;
        this.learn(word);
        const term = normaliseTerm(word);
        if (term) this.learn(term);
      }
    }
  }

  private learn(word: string): void {
    if (this.#known.has(word)) return;
    this.#known.add(word);
    const sameLength = this.#byLength.get(word.length) ?? [];
    sameLength.push(word);
    this.#byLength.set(word.length, sameLength);
  }

  /**
   * The text with each mended word written right after the typed one, so
   * what the query names first still comes first.
   */
  repair(text: string): string {
    let looked = 0;
    return text.replace(/[\p{L}\p{N}]+/gu, token => {
      const word = token.toLowerCase();
      if (word.length < 4 || !/^\p{L}+$/u.test(word)) return token;
      const term = normaliseTerm(word);
      if (!term || this.#known.has(word) || this.#known.has(term)) return token;
      if (++looked > MAX_REPAIRED_WORDS) return token;
      const mended = this.split(word) ?? this.closest(word);
      return mended ? `${token} ${mended.join(' ')}` : token;
    });
  }

  private split(word: string): string[] | undefined {
    if (word.length < 7) return undefined;
    for (let at = 3; at <= word.length - 3; at++) {
      const head = word.slice(0, at);
      const tail = word.slice(at);
      if (this.isKnown(head) && this.isKnown(tail)) return [head, tail];
    }
    return undefined;
  }

  private closest(word: string): string[] | undefined {
    const maxEdits = word.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestDistance = maxEdits + 1;
    for (
      let length = word.length - maxEdits;
      length <= word.length + maxEdits;
      length++
    ) {
      for (const candidate of this.#byLength.get(length) ?? []) {
        // Typos rarely change the first letter; it also keeps the scan short.
        if (candidate[0] !== word[0]) continue;
        const distance = editDistance(word, candidate);
        if (distance < bestDistance) {
          best = candidate;
          bestDistance = distance;
        }
      }
    }
    return best ? [best] : undefined;
  }

  private isKnown(word: string): boolean {
    const term = normaliseTerm(word);
    return this.#known.has(word) || (term !== null && this.#known.has(term));
  }
}

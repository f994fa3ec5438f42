import { Postings } from './Postings';
import { TextDictionary } from './TextDictionary';
import { TypedList } from './TypedList';

/** What splits resource ids into segments: whitespace, and ARNs' `:` and `/`. */
const SEPARATOR = /[\s:/]/;
const SEPARATORS = /[\s:/]+/;

const pairList = () => new TypedList(length => new Int32Array(length), 1024);

/**
 * The distinct resource-id lists of the findings (each finding's ids, as its
 * search text holds them), searched for substrings. A term without `:` or
 * `/` lies within one segment of a list — a run between separators — so it
 * is looked up once per distinct segment, and the lists of the segments
 * that hold it are marked. At a million findings the segments are a few
 * times smaller than the lists, and a word every ARN holds (a region, a
 * service) is found in a few segments instead of in hundreds of thousands
 * of lists. Other terms are looked up in every list.
 */
export class ResourceIdLists {
  private readonly lists = new TextDictionary();
  private readonly segments = new TextDictionary();
  /** (segment, list) pairs until sealed. */
  private segmentOfPair = pairList();
  private listOfPair = pairList();
  private bySegment = Postings.of([], 0);

  get size(): number {
    return this.lists.size;
  }

  /** The code of a list (lower-case), adding it if new; only before `seal`. */
  code(text: string): number {
    const known = this.lists.size;
    const code = this.lists.code(text);
    if (code < known) return code;
    const seen = new Set<number>();
    for (const segment of text.split(SEPARATORS)) {
      if (segment === '') continue;
      const s = this.segments.code(segment);
      if (seen.has(s)) continue;
      seen.add(s);
      this.segmentOfPair.push(s);
      this.listOfPair.push(code);
    }
    return code;
  }

  seal(): void {
    this.lists.seal();
    this.segments.seal();
    this.bySegment = Postings.of(
      this.segmentOfPair.values(),
      this.segments.size,
      this.listOfPair.values(),
    );
    this.segmentOfPair = pairList();
    this.listOfPair = pairList();
  }

  /** Per code, 1 when its list holds `term` (which holds no whitespace). */
  matching(term: string): Uint8Array {
    if (term === '' || SEPARATOR.test(term)) return this.lists.matching(term);
    const marks = new Uint8Array(this.size);
    this.bySegment.mark(this.segments.matching(term), marks);
    return marks;
  }
}

import { IndexedFindings, type TermHits } from './IndexedFindings';

/** A small generator of the same sequence on every run. */
function random(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % below;
  };
}

describe('IndexedFindings', () => {
  const next = random(7);
  const size = 2_000;
  const [rows, titles, lists, regions] = [100, 12, 300, 5];
  /** A dimension resource ids name: the region of row r is r % 5. */
  const regionOfRow = Int32Array.from({ length: rows }, (_, r) => r % regions);
  const titleOf = Int32Array.from({ length: size }, () => next(titles));
  const listOf = Int32Array.from({ length: size }, () => next(lists));
  // The findings of a list share its region (list % 5), but every 7th list's.
  const rowOf = listOf.map(list =>
    list % 7 === 0
      ? next(rows)
      : regions * next(rows / regions) + (list % regions),
  );
  /** A term held by about `share` of the codes of each field (rows: maybe none). */
  const term = (share: number, withRows: boolean): TermHits => {
    const mask = (codes: number) =>
      Uint8Array.from({ length: codes }, () =>
        next(1000) < share * 1000 ? 1 : 0,
      );
    return {
      titles: mask(titles),
      resources: mask(lists),
      rows: withRows ? mask(rows) : undefined,
    };
  };
  const searches: TermHits[][] = [
    [term(0.01, false)],
    [term(0.05, true)],
    [term(0.4, true)],
    [term(0.9, false)],
    [term(0.3, true), term(0.02, false)],
    [term(0.5, false), term(0.5, true), term(0.2, true)],
    [{ titles: new Uint8Array(titles), resources: new Uint8Array(lists) }],
    [
      {
        ...term(0, false),
        rows: Uint8Array.from({ length: rows }, (_, r) =>
          r % 3 === 0 ? 1 : 0,
        ),
      },
    ],
    [inRegions([1, 3], 0.3)],
    [inRegions([0], 0.05), term(0.4, false)],
    [term(0.2, true), inRegions([2, 4], 0.5)],
  ];

  /**
   * A term held by the regions given (so by their rows, and by a few rows
   * more, as a control or account would) and by `share` of the texts.
   */
  function inRegions(held: number[], share: number): TermHits {
    const values = Uint8Array.from({ length: regions }, (_, v) =>
      held.includes(v) ? 1 : 0,
    );
    const others = term(share, true);
    const heldRows = others.rows!.map((hit, r) => hit | values[regionOfRow[r]]);
    return { ...others, rows: heldRows, values: [values] };
  }

  /** Every finding checked against every term. */
  const expected = (terms: TermHits[]) => {
    const counts = new Float64Array(rows);
    const listed: number[] = [];
    for (let i = 0; i < size; i++) {
      const holds = terms.every(
        t =>
          t.titles[titleOf[i]] === 1 ||
          t.resources[listOf[i]] === 1 ||
          t.rows?.[rowOf[i]] === 1,
      );
      if (holds) {
        counts[rowOf[i]]++;
        listed.push(i);
      }
    }
    const used = [...counts.keys()].filter(row => counts[row] > 0);
    return { counts: [...counts], listed, rows: used };
  };

  it.each([
    ['listing the few matches', { fewMatches: 3 * size, scanShare: 2 }],
    ['through postings, rows whole', { fewMatches: 0, scanShare: 2 }],
    ['in one ordered pass', { fewMatches: 0, scanShare: 0 }],
    ['as chosen by the candidates', { fewMatches: 200, scanShare: 1 / 4 }],
  ])('counts exactly the findings holding every term, %s', (_, options) => {
    const findings = new IndexedFindings(
      rows,
      rowOf,
      titleOf,
      listOf,
      titles,
      lists,
      [regionOfRow],
      options,
    );
    for (const terms of searches) {
      const want = expected(terms);
      const got = findings.count(terms);
      expect([...got.counts]).toEqual(want.counts);
      expect([...got.rows]).toEqual(want.rows);
      // Listed matches are every match; all are listed when asked to
      // (candidates count each field: 3 × size at most).
      const listsAll = options.fewMatches >= 3 * size;
      expect(got.listed ? [...got.listed] : want.listed).toEqual(want.listed);
      expect(got.listed !== undefined || !listsAll).toBe(true);
      for (const i of [0, 17, size - 1]) {
        expect(findings.holdsAll(terms, i)).toBe(want.listed.includes(i));
      }
    }
  });
});

import { CountsTable } from './countsTable';

describe('CountsTable', () => {
  it('keeps one row per combination of its dimensions through growth', () => {
    // Dimensions 0, 2 and 4 kept; the others vary and must not matter.
    const table = new CountsTable([0, 2, 4], [0], 16);
    const expected = new Map<string, number>();
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % below;
    };
    for (let i = 0; i < 20_000; i++) {
      const codes = Array.from({ length: 8 }, () => random(40));
      const delta = random(5) - 1;
      table.add(codes, delta);
      const key = `${codes[0]}/${codes[2]}/${codes[4]}`;
      expected.set(key, (expected.get(key) ?? 0) + delta);
    }
    expect(table.size).toBe(expected.size);
    for (const [key, n] of expected) {
      const [a, b, c] = key.split('/').map(Number);
      expect(table.get([a, 9, b, 9, c, 9, 9, 9])).toBe(n);
    }
    expect(table.get([41, 0, 0, 0, 0, 0, 0, 0])).toBe(0);
    // Postings list every row of a code once.
    const postings = table.postings.get(0)!;
    expect(postings.flat().sort((x, y) => x - y)).toEqual(
      Array.from({ length: table.size }, (_, row) => row),
    );
    for (const [code, rows] of postings.entries()) {
      for (const row of rows ?? []) expect(table.columns[0][row]).toBe(code);
    }
  });
});

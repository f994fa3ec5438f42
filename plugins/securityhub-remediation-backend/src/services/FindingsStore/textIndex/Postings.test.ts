import { Postings } from './Postings';

describe('Postings', () => {
  const marked = (postings: Postings, mask: number[], findings: number) => {
    const marks = new Uint8Array(findings);
    postings.mark(Uint8Array.from(mask), marks);
    return [...marks];
  };

  it('marks the findings of every code the mask marks, and only those', () => {
    // Finding i has code codes[i].
    const postings = Postings.of([2, 0, 2, 1, 0, 2], 3);
    expect(marked(postings, [1, 0, 0], 6)).toEqual([0, 1, 0, 0, 1, 0]);
    expect(marked(postings, [0, 1, 1], 6)).toEqual([1, 0, 1, 1, 0, 1]);
    expect(marked(postings, [0, 0, 0], 6)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('takes codes without findings, and masks longer than its codes', () => {
    const postings = Postings.of([3, 3], 5);
    expect(marked(postings, [1, 1, 1, 0, 1, 1, 1], 2)).toEqual([0, 0]);
    expect(marked(postings, [0, 0, 0, 1], 2)).toEqual([1, 1]);
  });

  it('lists given items instead of positions, and counts them per code', () => {
    // Pairs (code, item): code 1 holds items 7 and 4, code 0 item 9.
    const postings = Postings.of([1, 0, 1], 3, [7, 9, 4]);
    expect(marked(postings, [0, 1, 0], 10)).toEqual([
      0, 0, 0, 0, 1, 0, 0, 1, 0, 0,
    ]);
    expect([0, 1, 2].map(c => postings.count(c))).toEqual([1, 2, 0]);
    expect(postings.countMarked(Uint8Array.from([1, 1, 1]))).toBe(3);
    expect(postings.countMarked(Uint8Array.from([1, 0, 0]))).toBe(1);
  });
});

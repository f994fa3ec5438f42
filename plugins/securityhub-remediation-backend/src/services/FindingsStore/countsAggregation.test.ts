import { sumsThroughMaps } from './countsAggregation';

describe('sumsThroughMaps', () => {
  // Rows 0..4 with counts; only rows 1, 2 and 4 are summed.
  const n = Float64Array.from([100, 1, 2, 200, 4]);
  const rows = Int32Array.from([1, 2, 4]);
  const maps = [
    Int32Array.from([0, 0, 1, 0, 1]),
    Int32Array.from([2, 1, 1, 2, 0]),
    Int32Array.from([0, 0, 0, 0, 0]),
  ];

  it.each([1, 2, 3])(
    'sums the rows given by the code each map gives (%i maps)',
    count => {
      const sums = sumsThroughMaps(
        rows,
        n,
        maps.slice(0, count),
        [2, 3, 1].slice(0, count),
      );
      expect(sums.map(s => [...s])).toEqual(
        [[1, 6], [4, 3, 0], [7]].slice(0, count),
      );
    },
  );
});

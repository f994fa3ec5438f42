import {
  BinaryTuples,
  TUPLE_KEY_OFFSET,
} from '@internal/plugin-securityhub-remediation-node';
import { joinedTuples, keyedTuples, type CopyTuples } from './copyBatchTuples';

/** Tuples of one text field each: `values[i]`. */
function tuplesOf(values: string[]): CopyTuples {
  const tuples = new BinaryTuples(16);
  for (const value of values) {
    tuples.start(1);
    tuples.text(value);
    tuples.end();
  }
  const [bytes, ends] = tuples.finish();
  return { bytes, ends };
}

const keyOf = (tuple: Uint8Array) =>
  Buffer.from(tuple).readInt32BE(TUPLE_KEY_OFFSET);

describe('keyedTuples', () => {
  it('writes the keys in and sends each run of picked tuples as one view', () => {
    const tuples = tuplesOf(['a', 'b', 'c', 'd', 'e']);
    const runs = [...keyedTuples(tuples, [0, 1, 3], [7, 8, 9])];
    expect(runs.map(run => run.buffer)).toEqual([
      tuples.bytes.buffer,
      tuples.bytes.buffer,
    ]);
    const [first, second] = runs.map(run => Buffer.from(run));
    expect(first.length).toBe(tuples.ends[1]);
    expect(keyOf(first)).toBe(7);
    expect(keyOf(first.subarray(tuples.ends[0]))).toBe(8);
    expect(keyOf(second)).toBe(9);
    expect(second.subarray(second.length - 1).toString()).toBe('d');
    expect(second.length).toBe(tuples.ends[3] - tuples.ends[2]);
  });

  it('refuses a key that is not a positive 32-bit integer', () => {
    const tuples = tuplesOf(['a']);
    for (const key of [0, 2 ** 31, 1.5]) {
      expect(() => [...keyedTuples(tuples, [0], [key])]).toThrow(
        /not a 32-bit key/,
      );
    }
  });
});

describe('joinedTuples', () => {
  it("joins two sets' fields into one tuple each, without their keys", () => {
    const left = tuplesOf(['l0', 'l1', 'l2']);
    const right = tuplesOf(['r0', 'r1', 'r2']);
    const [joined] = joinedTuples(left, right, [2]).map(t => Buffer.from(t));
    expect(joined.readInt16BE(0)).toBe(2);
    expect([joined.readInt32BE(2), joined.subarray(6, 8).toString()]).toEqual([
      2,
      'l2',
    ]);
    expect([joined.readInt32BE(8), joined.subarray(12).toString()]).toEqual([
      2,
      'r2',
    ]);
  });
});

import { BinaryTuples, SpareBuffers } from './binaryTuples';

describe('SpareBuffers', () => {
  it('hands out the smallest spare buffer that is large enough, and keeps a few', () => {
    const spare = new SpareBuffers(2);
    const small = new ArrayBuffer(10);
    const large = new ArrayBuffer(100);
    spare.put(large);
    spare.put(small);
    spare.put(new ArrayBuffer(50)); // over the limit: dropped
    expect(spare.take(5)).toBe(small);
    expect(spare.take(5)).toBe(large);
    expect(spare.take(5)).toBeUndefined();
  });
});

describe('BinaryTuples', () => {
  it('writes into a spare buffer, and gives back the one it outgrew', () => {
    const spare = new SpareBuffers();
    const given = new ArrayBuffer(2048);
    spare.put(given);
    const tuples = new BinaryTuples(1024, spare);
    tuples.start(1);
    tuples.text('a');
    tuples.end();
    const [bytes] = tuples.finish();
    expect(bytes.buffer).toBe(given);

    const growing = new BinaryTuples(1024, spare);
    growing.start(1);
    growing.text('x'.repeat(5000));
    growing.end();
    const [grown, ends] = growing.finish();
    expect(Buffer.from(grown).subarray(14).toString()).toBe('x'.repeat(5000));
    expect([...ends]).toEqual([grown.length]);
    // The 1,024-byte buffer it started in is spare again.
    expect(spare.take(1)?.byteLength).toBe(1024);
  });
});

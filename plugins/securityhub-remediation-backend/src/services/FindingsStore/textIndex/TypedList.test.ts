import { TypedList } from './TypedList';

describe('TypedList', () => {
  it('keeps every number pushed, in order, past its first capacity', () => {
    const list = new TypedList(n => new Int32Array(n), 3);
    for (let i = 0; i < 100; i++) list.push(i * 7);
    expect(list.length).toBe(100);
    expect([...list.values()]).toEqual(
      Array.from({ length: 100 }, (_, i) => i * 7),
    );
  });

  it('gives an array of exactly its length, of the type it was made with', () => {
    const list = new TypedList(n => new Float64Array(n), 20);
    list.push(2 ** 40);
    list.push(0.5);
    const values = list.values();
    expect(values).toBeInstanceOf(Float64Array);
    expect([...values]).toEqual([2 ** 40, 0.5]);
    expect(new TypedList(n => new Int32Array(n), 0).values()).toHaveLength(0);
  });
});

import { readAhead } from './readAhead';

describe('readAhead', () => {
  it('yields every item in order and reads the next one while the consumer works', async () => {
    const events: string[] = [];
    async function* source() {
      for (const n of [1, 2, 3]) {
        events.push(`read ${n}`);
        yield n;
      }
    }
    const seen: number[] = [];
    for await (const n of readAhead(source())) {
      events.push(`write ${n} start`);
      await new Promise(resolve => setTimeout(resolve, 5));
      events.push(`write ${n} end`);
      seen.push(n);
    }
    expect(seen).toEqual([1, 2, 3]);
    // Item 2 is read before item 1's write has finished.
    expect(events.indexOf('read 2')).toBeLessThan(
      events.indexOf('write 1 end'),
    );
  });

  it('raises a read error when its item is reached, after earlier items', async () => {
    async function* source() {
      yield 1;
      throw new Error('bad file');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of readAhead(source())) seen.push(n);
      })(),
    ).rejects.toThrow('bad file');
    expect(seen).toEqual([1]);
  });
});

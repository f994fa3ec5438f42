import type { Knex } from 'knex';
import { CountsCube } from './countsCube';
import { CountsCubeCache } from './countsCubeCache';

/** Cubes told apart by identity; the loader is what the test controls. */
const cube = () => ({} as CountsCube);

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('CountsCubeCache', () => {
  const db = {} as Knex;
  let version = '1';
  let load: jest.SpyInstance;

  beforeEach(() => {
    version = '1';
    load = jest.spyOn(CountsCube, 'refreshed');
  });
  afterEach(() => load.mockRestore());

  it('reads a version once, shared by concurrent uses', async () => {
    const first = cube();
    load.mockResolvedValue(first);
    const cache = new CountsCubeCache(db, async () => version);
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    expect(a).toEqual({ version: '1', cube: first, fresh: true });
    expect(b.cube).toBe(first);
    expect(load).toHaveBeenCalledTimes(1);
    await cache.get();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('answers a new version at once when it reads fast', async () => {
    const [first, second] = [cube(), cube()];
    load.mockResolvedValueOnce(first).mockResolvedValueOnce(second);
    const cache = new CountsCubeCache(db, async () => version);
    await cache.get();
    version = '2';
    expect(await cache.get()).toEqual({
      version: '2',
      cube: second,
      fresh: true,
    });
  });

  it('answers from the cube it has while a slow read of a new version goes on, then from the new one', async () => {
    const [first, second] = [cube(), cube()];
    const slow = deferred<CountsCube>();
    load.mockResolvedValueOnce(first).mockReturnValueOnce(slow.promise);
    const cache = new CountsCubeCache(db, async () => version, 20);
    await cache.get();
    version = '2';
    // The use waits 20 ms, then answers at the version it has.
    expect(await cache.get()).toEqual({
      version: '1',
      cube: first,
      fresh: false,
    });
    expect(await cache.get()).toEqual({
      version: '1',
      cube: first,
      fresh: false,
    });
    expect(load).toHaveBeenCalledTimes(2); // one read at a time
    slow.resolve(second);
    await new Promise(resolve => setImmediate(resolve));
    expect(await cache.get()).toEqual({
      version: '2',
      cube: second,
      fresh: true,
    });
  });

  it('reads the newest version asked for once the read going on ends', async () => {
    const [first, second, third] = [cube(), cube(), cube()];
    const slow = deferred<CountsCube>();
    load
      .mockResolvedValueOnce(first)
      .mockReturnValueOnce(slow.promise)
      .mockResolvedValueOnce(third);
    const cache = new CountsCubeCache(db, async () => version, 5);
    await cache.get();
    version = '2';
    await cache.get();
    version = '3';
    await cache.get();
    slow.resolve(second);
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(await cache.get()).toEqual({
      version: '3',
      cube: third,
      fresh: true,
    });
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('fails the first use when the first read fails, and reads again on the next', async () => {
    const first = cube();
    load
      .mockRejectedValueOnce(new Error('database is locked'))
      .mockResolvedValueOnce(first);
    const cache = new CountsCubeCache(db, async () => version);
    await expect(cache.get()).rejects.toThrow('database is locked');
    expect((await cache.get()).cube).toBe(first);
  });
});

import { RateLimiter } from './RateLimiter';

/** A clock that only moves when the limiter sleeps or the test advances it. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('RateLimiter', () => {
  it('lets a full burst through at once, then one request per 1/rate', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({
      requestsPerSecond: 3,
      burst: 6,
      ...time,
    });
    const grantedAt: number[] = [];
    for (let i = 0; i < 12; i++) {
      await limiter.take();
      grantedAt.push(time.clock());
    }
    expect(grantedAt.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    const gaps = grantedAt.slice(6).map((t, i) => t - grantedAt[i + 5]);
    for (const gap of gaps) expect(gap).toBeCloseTo(1000 / 3, 6);
    // 12 requests at 3/s with a burst of 6 take 2 s, not 4 s.
    expect(grantedAt[11]).toBeCloseTo(2000, 6);
  });

  it('refills while idle but never beyond the burst', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({
      requestsPerSecond: 2,
      burst: 3,
      ...time,
    });
    for (let i = 0; i < 3; i++) await limiter.take();
    expect(limiter.available()).toBe(0);
    time.advance(60_000);
    expect(limiter.available()).toBe(3);
    for (let i = 0; i < 3; i++) await limiter.take();
    expect(time.sleeps).toEqual([]);
    await limiter.take();
    expect(time.sleeps).toEqual([500]);
  });

  it('serves concurrent callers in arrival order, one interval apart', async () => {
    let now = 0;
    const wakeUps: Array<{ ms: number; resolve: () => void }> = [];
    const limiter = new RateLimiter({
      requestsPerSecond: 10,
      burst: 1,
      clock: () => now,
      sleep: ms => new Promise<void>(resolve => wakeUps.push({ ms, resolve })),
    });
    const order: number[] = [];
    const takes = [0, 1, 2, 3].map(i =>
      limiter.take().then(() => order.push(i)),
    );
    // The first caller used the burst; the others reserved later slots.
    expect(wakeUps.map(w => w.ms)).toEqual([100, 200, 300]);
    now = 300;
    for (const w of wakeUps) w.resolve();
    await Promise.all(takes);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('stops waiting when the signal aborts and gives the token back', async () => {
    const controller = new AbortController();
    const limiter = new RateLimiter({ requestsPerSecond: 1, burst: 1 });
    await limiter.take();
    const waiting = limiter.take(controller.signal);
    controller.abort(new Error('sync cancelled'));
    await expect(waiting).rejects.toThrow();
    // Only the first take holds a token: the aborted one was refunded.
    expect(limiter.available()).toBeGreaterThan(-0.5);
    await expect(limiter.take(controller.signal)).rejects.toThrow(
      'sync cancelled',
    );
  });

  it('rejects a rate or burst that cannot work', () => {
    expect(() => new RateLimiter({ requestsPerSecond: 0, burst: 1 })).toThrow(
      /requestsPerSecond/,
    );
    expect(() => new RateLimiter({ requestsPerSecond: 1, burst: 0.5 })).toThrow(
      /burst/,
    );
  });
});

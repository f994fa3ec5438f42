/**
 * Time as the fakes see it. The default runs on real timers, so a stage that
 * lasts 50 ms lasts 50 ms of wall time; every pending timer is cancelled on
 * `close()` so no work outlives the server.
 */
export interface Clock {
  now(): Date;
  /** Runs `task` after `ms`; the returned function cancels it. */
  after(ms: number, task: () => void): () => void;
}

/** A clock on real timers that can cancel everything it scheduled. */
export class TimerClock implements Clock {
  private readonly pending = new Set<NodeJS.Timeout>();

  now(): Date {
    return new Date();
  }

  after(ms: number, task: () => void): () => void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      task();
    }, ms);
    this.pending.add(timer);
    return () => {
      clearTimeout(timer);
      this.pending.delete(timer);
    };
  }

  cancelAll(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}

/** Polls `condition` until it holds (returning its value) or `timeoutMs` passes. */
export async function waitUntil<T>(
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 5000, intervalMs = 10, what = 'the condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}

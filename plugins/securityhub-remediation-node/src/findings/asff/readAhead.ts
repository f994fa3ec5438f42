/**
 * An iteration started before it is consumed: its first item is asked for
 * at once, so the producer (the parser thread) works ahead. Consumed once.
 */
export class ReadAhead<T> implements AsyncIterable<T> {
  private readonly iterator: AsyncIterator<T>;
  private first?: Promise<IteratorResult<T>>;

  constructor(iterable: AsyncIterable<T>) {
    this.iterator = iterable[Symbol.asyncIterator]();
    this.first = this.iterator.next();
    // Seen when consumed; unconsumed, it must not fail the process.
    this.first.catch(() => {});
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const first = this.first;
        this.first = undefined;
        return first ?? this.iterator.next();
      },
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  /** Stops the iteration (the parser thread stops reading the file). */
  async close(): Promise<void> {
    await this.first?.catch(() => {});
    this.first = undefined;
    await this.iterator.return?.();
  }
}

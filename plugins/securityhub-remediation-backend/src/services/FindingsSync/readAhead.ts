/**
 * Iterates `source` one item ahead: while the consumer works on an item (a
 * database write), the next one is already being read and parsed. An error of
 * the read-ahead surfaces when that item is reached, never earlier.
 */
export async function* readAhead<T>(
  source: AsyncIterable<T>,
): AsyncIterable<T> {
  const iterator = source[Symbol.asyncIterator]();
  let pending = iterator.next();
  try {
    for (;;) {
      const result = await pending;
      if (result.done) return;
      pending = iterator.next();
      // Handled when awaited on the next turn; avoids an unhandled rejection
      // if the consumer stops first.
      pending.catch(() => {});
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}

/** Words per streamed chunk: small enough to read as it arrives. */
export const WORDS_PER_CHUNK = 6;

/**
 * Splits markdown into chunks of a few words; joined, the chunks are the
 * text exactly (whitespace and line breaks included).
 */
export function textChunks(
  text: string,
  wordsPerChunk = WORDS_PER_CHUNK,
): string[] {
  const tokens = text.match(/\S+\s*|\s+/g) ?? [];
  const chunks: string[] = [];
  for (let i = 0; i < tokens.length; i += wordsPerChunk) {
    chunks.push(tokens.slice(i, i + wordsPerChunk).join(''));
  }
  return chunks;
}

/** Waits `ms`, or less if the signal aborts first. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise(resolve => {
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Longest title taken from a first message, in characters. */
export const MESSAGE_TITLE_CHARS = 60;

/**
 * A conversation title from its first message (the portal sends it when it
 * creates a conversation; the backend sets it for clients that do not): whitespace folded, cut at a
 * word boundary near {@link MESSAGE_TITLE_CHARS}, with an ellipsis when cut.
 */
export function titleFromMessage(message: string): string {
  const text = message.replace(/\s+/g, ' ').trim();
  if (text.length <= MESSAGE_TITLE_CHARS) return text;
  const cut = text.slice(0, MESSAGE_TITLE_CHARS);
  // A space right after the cut means the cut already ends on a whole word.
  const space = text.slice(0, MESSAGE_TITLE_CHARS + 1).lastIndexOf(' ');
  const head = space >= MESSAGE_TITLE_CHARS / 2 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s.,;:!?-]+$/, '')}…`;
}

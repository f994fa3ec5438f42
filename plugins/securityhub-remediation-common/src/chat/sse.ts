import { chatEventSchema, type ChatEvent } from './events';

/** One server-sent event as written on the wire. */
export function encodeSseEvent(event: ChatEvent): string {
  // JSON never contains a raw newline, so one `data:` line carries it whole.
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** A comment line: keeps proxies from closing an idle stream. */
export const SSE_HEARTBEAT = ': keep-alive\n\n';

/**
 * Incremental parser of a `text/event-stream` body into chat events. Feed it
 * decoded text as it arrives; it returns the complete events so far. Comment
 * lines are skipped; a `data` that is not a valid chat event throws.
 */
export class ChatEventStreamParser {
  private buffer = '';

  push(chunk: string): ChatEvent[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const events: ChatEvent[] = [];
    let end = this.buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event = parseBlock(block);
      if (event) events.push(event);
      end = this.buffer.indexOf('\n\n');
    }
    return events;
  }

  /** Text left over that did not end in a blank line (a cut stream). */
  get pending(): string {
    return this.buffer;
  }
}

function parseBlock(block: string): ChatEvent | undefined {
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
  }
  if (!data.length) return undefined;
  return chatEventSchema.parse(JSON.parse(data.join('\n')));
}

/** Parses a whole `text/event-stream` body (tests, non-streaming clients). */
export function parseSseBody(body: string): ChatEvent[] {
  const parser = new ChatEventStreamParser();
  const events = parser.push(body.endsWith('\n\n') ? body : `${body}\n\n`);
  return events;
}

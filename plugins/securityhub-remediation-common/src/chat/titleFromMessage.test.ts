import { MESSAGE_TITLE_CHARS, titleFromMessage } from './titleFromMessage';

describe('titleFromMessage', () => {
  it('keeps a short message whole, with its whitespace folded', () => {
    expect(titleFromMessage('  What fixes\n\n S3.5?  ')).toBe(
      'What fixes S3.5?',
    );
  });

  it('cuts a long message at a word boundary and marks the cut', () => {
    const message =
      'Generate an automation for remediating the finding, database migration service replication instances should not be public';
    const title = titleFromMessage(message);
    expect(title.length).toBeLessThanOrEqual(MESSAGE_TITLE_CHARS + 1);
    expect(title.endsWith('…')).toBe(true);
    expect(message.startsWith(title.slice(0, -1))).toBe(true);
    // whole words only, and no dangling punctuation before the ellipsis
    expect(title).toBe(
      'Generate an automation for remediating the finding, database…',
    );
  });

  it('cuts a message without spaces at the limit', () => {
    expect(titleFromMessage('x'.repeat(200))).toBe(
      `${'x'.repeat(MESSAGE_TITLE_CHARS)}…`,
    );
  });
});

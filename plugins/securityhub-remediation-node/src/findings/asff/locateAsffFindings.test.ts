import {
  AsffProblems,
  AsffTextScanner,
  type AsffCandidate,
  type AsffFileProblem,
} from './locateAsffFindings';

/** What the scanner finds in `text` pushed in chunks of `size` characters. */
function scan(text: string, jsonLines: boolean, size = text.length) {
  const candidates: AsffCandidate[] = [];
  const problems = new AsffProblems(10);
  const scanner = new AsffTextScanner(jsonLines, problems, c =>
    candidates.push(c),
  );
  for (let i = 0; i < text.length; i += size) {
    scanner.push(text.slice(i, i + size));
  }
  scanner.end();
  const found: Array<AsffCandidate | AsffFileProblem> = candidates;
  return found.concat(problems.list);
}

const tricky = {
  Id: 'a',
  Title: 'brackets ] } [ { and an escaped \\" quote, a backslash \\\\',
  Nested: { List: [1, [2, { Deep: '}' }]] },
};

describe('AsffTextScanner', () => {
  const lines = [
    JSON.stringify(tricky),
    JSON.stringify({ ...tricky, Id: 'b' }),
    `${JSON.stringify({ Id: 'c' })}\r`,
  ].join('\n');

  it('cuts JSON Lines into findings with their line and text', () => {
    expect(scan(lines, true)).toEqual([
      { value: tricky, position: 'line 1', text: JSON.stringify(tricky) },
      {
        value: { ...tricky, Id: 'b' },
        position: 'line 2',
        text: JSON.stringify({ ...tricky, Id: 'b' }),
      },
      { value: { Id: 'c' }, position: 'line 3', text: '{"Id":"c"}' },
    ]);
  });

  it.each([1, 2, 3, 7, 64])(
    'finds the same whatever the chunks (%i characters)',
    size => {
      expect(scan(lines, true, size)).toEqual(scan(lines, true));
      const array = JSON.stringify([tricky, tricky], null, 2);
      expect(scan(array, false, size)).toEqual(scan(array, false));
    },
  );

  it('reads two objects on one line of JSON Lines', () => {
    expect(scan('{"Id":"a"}{"Id":"b"}\n', true)).toEqual([
      { value: { Id: 'a' }, position: 'line 1', text: '{"Id":"a"}' },
      {
        value: { Id: 'b' },
        position: 'line 1, column 11',
        text: '{"Id":"b"}',
      },
    ]);
  });

  it('reports a broken line where it is, in one chunk or many', () => {
    const text = '{"Id":"a"}\n{"Id": broken}\n{"Id":"c"}\n';
    const whole = scan(text, true);
    expect(whole).toContainEqual({
      position: 'line 2',
      reason: expect.stringMatching(/^not valid JSON/),
    });
    expect(scan(text, true, 3)).toEqual(whole);
  });

  it('stops a value over the size limit even inside a long string', () => {
    const huge = `[{"Title":"${'x'.repeat(17 * 1024 * 1024)}"}]`;
    expect(scan(huge, false, 256 * 1024)).toEqual([
      {
        position: 'line 1, column 2',
        reason: expect.stringMatching(/more than 16 MiB/),
      },
    ]);
  });
});

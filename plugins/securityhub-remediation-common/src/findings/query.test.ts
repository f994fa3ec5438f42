import {
  describeZodError,
  FINDINGS_MAX_OFFSET,
  findingPathParamsSchema,
  findingsFilterSchema,
  findingsListQuerySchema,
  unsafeTextProblem,
} from './query';

function problemOf(schema: { safeParse(input: unknown): any }, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? undefined : describeZodError(result.error);
}

describe('unsafeTextProblem', () => {
  it.each([
    ['plain ASCII', 'arn:aws:s3:::ledger', 'none'],
    [
      'accents, CJK and an emoji (a surrogate pair)',
      'sécurité 日本 🔒',
      'none',
    ],
    ['tab and newline in free text', 'a\tb\nc\rd', 'whitespace'],
    ['an escape character in a stored title', 'a\u001bb', 'all-but-nul'],
  ] as const)('accepts %s', (_, text, allowed) => {
    expect(unsafeTextProblem(text, allowed)).toBeUndefined();
  });

  it.each([
    [
      'NUL even where all else is allowed',
      'ab\u0000',
      'all-but-nul',
      /U\+0000 at character 3/,
    ],
    [
      'NUL in free text',
      '\u0000',
      'whitespace',
      /control characters \(found U\+0000/,
    ],
    [
      'escape in free text',
      'a\u001b[2J',
      'whitespace',
      /U\+001B at character 2/,
    ],
    ['a newline in an id', 'a\nb', 'none', /U\+000A/],
    ['DEL in an id', 'a\u007f', 'none', /U\+007F/],
    ['a C1 control in an id', '\u0085', 'none', /U\+0085/],
    [
      'a lone high surrogate',
      'a\ud83d',
      'whitespace',
      /lone surrogate U\+D83D at character 2/,
    ],
    [
      'a lone low surrogate',
      '\udd12x',
      'all-but-nul',
      /lone surrogate U\+DD12/,
    ],
  ] as const)('refuses %s', (_, text, allowed, message) => {
    expect(unsafeTextProblem(text, allowed)).toMatch(message);
  });
});

describe('findings query schemas', () => {
  it('refuses NUL in q on the list and summary, naming q', () => {
    expect(problemOf(findingsListQuerySchema, { q: '\u0000' })).toMatch(
      /^q: must not contain control characters/,
    );
    expect(problemOf(findingsFilterSchema, { q: 'ledger\u0000' })).toMatch(
      /^q: must not contain control characters/,
    );
  });

  it('keeps Unicode text in q, trimmed, and still bounds its length', () => {
    expect(findingsFilterSchema.parse({ q: '\t café 日本 🔒\n' }).q).toBe(
      'café 日本 🔒',
    );
    expect(problemOf(findingsFilterSchema, { q: 'x'.repeat(201) })).toMatch(
      /^q: at most 200 characters/,
    );
  });

  it.each([
    ['accountId', ['111111111111', '1111\u000011111111']],
    ['region', 'us-east-1\u0000'],
    ['controlId', 'S3.5\u0000'],
    ['resourceType', 'AwsS3Bucket\u0000'],
    ['severity', 'HIGH\u0000'],
    ['complianceStatus', 'FAILED\u0000'],
    ['workflowStatus', 'NEW\u0000'],
    ['recordState', 'ACTIVE\u0000'],
  ])('refuses NUL in the %s filter with one issue naming it', (key, value) => {
    const index = Array.isArray(value) ? 1 : 0;
    expect(problemOf(findingsListQuerySchema, { [key]: value })).toBe(
      `${key}.${index}: must not contain control characters (found U+0000 at character ${
        (Array.isArray(value) ? value[1] : value).indexOf('\u0000') + 1
      })`,
    );
  });

  it('takes an offset for a page jump, bounded, and never with a cursor', () => {
    expect(findingsListQuerySchema.parse({ offset: '150' }).offset).toBe(150);
    expect(
      problemOf(findingsListQuerySchema, { offset: FINDINGS_MAX_OFFSET + 1 }),
    ).toMatch(/^offset: at most 10000: deeper pages are reached with Next/);
    expect(problemOf(findingsListQuerySchema, { offset: '-1' })).toMatch(
      /^offset: /,
    );
    expect(
      problemOf(findingsListQuerySchema, { offset: 50, cursor: 'abc' }),
    ).toMatch(/^offset: give cursor or offset, not both/);
  });

  it('refuses control characters in sort, order and cursor, keeps defaults', () => {
    expect(problemOf(findingsListQuerySchema, { sort: 'title\u0000' })).toMatch(
      /^sort: must not contain control characters/,
    );
    expect(problemOf(findingsListQuerySchema, { order: 'asc\u0007' })).toMatch(
      /^order: must not contain control characters/,
    );
    expect(problemOf(findingsListQuerySchema, { cursor: 'ab\u0000' })).toMatch(
      /^cursor: must not contain control characters/,
    );
    expect(findingsListQuerySchema.parse({})).toMatchObject({
      sort: 'severity',
      order: 'desc',
    });
  });

  it('still reports a malformed filter value by its own rule', () => {
    expect(problemOf(findingsFilterSchema, { controlId: 'S3' })).toBe(
      'controlId.0: must be a control id such as S3.5',
    );
  });

  it('checks the finding id of the detail path', () => {
    const arn =
      'arn:aws:securityhub:us-east-1:111111111111:security-control/S3.5/finding/0a1b';
    expect(findingPathParamsSchema.parse({ id: arn })).toEqual({ id: arn });
    expect(problemOf(findingPathParamsSchema, { id: `${arn}\u0000` })).toMatch(
      /^id: must not contain control characters \(found U\+0000/,
    );
    expect(problemOf(findingPathParamsSchema, { id: 'a\tb' })).toMatch(
      /^id: must not contain control characters \(found U\+0009/,
    );
    expect(problemOf(findingPathParamsSchema, { id: 'a'.repeat(513) })).toBe(
      'id: at most 512 characters',
    );
  });
});

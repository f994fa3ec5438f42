import {
  DocumentParseError,
  indentFlowContinuations,
  indentQuotedContinuations,
  parseDocument,
  parseYamlOrJson,
} from './parseDocument';

function parseError(text: string): DocumentParseError {
  try {
    parseYamlOrJson(text);
  } catch (error) {
    return error as DocumentParseError;
  }
  throw new Error('expected a parse error');
}

describe('parseYamlOrJson short-form tags', () => {
  it.each([
    ['!Ref Bucket', { Ref: 'Bucket' }],
    ['!Condition IsProd', { Condition: 'IsProd' }],
    [
      '!Sub arn:${AWS::Partition}:s3:::${B}',
      { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${B}' },
    ],
    [
      "!Sub ['x-${N}', {N: !Ref P}]",
      { 'Fn::Sub': ['x-${N}', { N: { Ref: 'P' } }] },
    ],
    ['!GetAtt Role.Arn', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    [
      '!GetAtt Db.Endpoint.Address',
      { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
    ],
    ['!GetAtt [Role, Arn]', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ["!Join [',', [a, b]]", { 'Fn::Join': [',', ['a', 'b']] }],
    ['!Select [0, !GetAZs ""]', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }],
    ["!Split ['-', !Ref S]", { 'Fn::Split': ['-', { Ref: 'S' }] }],
    [
      '!If [C, !Ref A, !Ref AWS::NoValue]',
      { 'Fn::If': ['C', { Ref: 'A' }, { Ref: 'AWS::NoValue' }] },
    ],
    ['!Equals [!Ref E, prod]', { 'Fn::Equals': [{ Ref: 'E' }, 'prod'] }],
    ['!Not [!Condition C]', { 'Fn::Not': [{ Condition: 'C' }] }],
    [
      '!And [!Condition A, !Condition B]',
      { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] },
    ],
    [
      '!Or [!Condition A, !Condition B]',
      { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] },
    ],
    ['!FindInMap [M, k, v]', { 'Fn::FindInMap': ['M', 'k', 'v'] }],
    ['!ImportValue shared-vpc', { 'Fn::ImportValue': 'shared-vpc' }],
    ['!Base64 text', { 'Fn::Base64': 'text' }],
    ['!Cidr [10.0.0.0/16, 4, 8]', { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }],
    [
      '!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}',
      {
        'Fn::Transform': {
          Name: 'AWS::Include',
          Parameters: { Location: 's3://b/k' },
        },
      },
    ],
  ])('%s', (source, expected) => {
    expect(parseYamlOrJson(`v: ${source}\n`)).toEqual({ v: expected });
  });

  it('expands a block !Sub scalar', () => {
    expect(parseYamlOrJson('v: !Sub |\n  a: ${X}\n')).toEqual({
      v: { 'Fn::Sub': 'a: ${X}\n' },
    });
  });

  it('rejects an unknown tag with its position', () => {
    expect(() => parseYamlOrJson('a: 1\nb: !Reff X\n')).toThrow(
      /Unknown tag !Reff at line 2, column \d+/,
    );
  });

  it('names line and column of a syntax error', () => {
    const error = parseError('a: [1,\n  b: 2\n');
    expect(error).toBeInstanceOf(DocumentParseError);
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/at line 3, column \d+/);
  });

  it('rejects duplicate keys', () => {
    expect(() => parseYamlOrJson('a: 1\na: 2\n')).toThrow(/unique/i);
  });
});

describe('parseDocument kind', () => {
  it('recognises a template and an Automation document', () => {
    expect(parseDocument('Resources: {}\n').kind).toBe('template');
    expect(
      parseDocument('{"schemaVersion": "0.3", "mainSteps": []}').kind,
    ).toBe('automation-document');
  });

  it('explains what neither kind has', () => {
    expect(() => parseDocument('foo: 1\n')).toThrow(
      /Neither a CloudFormation template .* top-level keys: foo/,
    );
    expect(() => parseDocument('- a\n')).toThrow(/not a mapping/);
  });
});

describe('flow mappings at the key indentation', () => {
  const text = [
    'Payload:',
    '  Defaults: {',
    '  "Length": 14,',
    '  "Label": "{ x }"',
    '  }',
    'Other: 1',
  ].join('\n');

  it('are read as PyYAML reads them', () => {
    expect(parseYamlOrJson(text)).toEqual({
      Payload: { Defaults: { Length: 14, Label: '{ x }' } },
      Other: 1,
    });
  });

  it('only indent the lines of the open collection', () => {
    expect(indentFlowContinuations(text).split('\n')).toEqual([
      'Payload:',
      '  Defaults: {',
      '    "Length": 14,',
      '    "Label": "{ x }"',
      '    }',
      'Other: 1',
    ]);
  });

  it('still reject other bad indentation', () => {
    expect(parseError('a:\n  b: 1\n c: 2').message).toMatch(/line 3/);
  });
});

describe('quoted scalars continued at a lower indentation', () => {
  const text = [
    'parameters:',
    '  commands:',
    '    description: "(Required) The commands to run, it\'s \\"quoted\\"',
    '  on the instance."',
    "    default: 'echo Hello'",
    "    note: 'it''s",
    "fine'",
    'other: 1',
  ].join('\n');

  it('are read as PyYAML reads them', () => {
    expect(parseYamlOrJson(text)).toEqual({
      parameters: {
        commands: {
          description:
            '(Required) The commands to run, it\'s "quoted" on the instance.',
          default: 'echo Hello',
          note: "it's fine",
        },
      },
      other: 1,
    });
  });

  it('only indent the lines inside the open quote', () => {
    expect(indentQuotedContinuations(text).split('\n')).toEqual([
      'parameters:',
      '  commands:',
      '    description: "(Required) The commands to run, it\'s \\"quoted\\"',
      '      on the instance."',
      "    default: 'echo Hello'",
      "    note: 'it''s",
      "      fine'",
      'other: 1',
    ]);
  });

  it('still reject a quote that is never closed', () => {
    expect(parseError('a: "open\nb: 1\n').message).toMatch(/quote/);
  });
});

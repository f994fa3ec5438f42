import { asffFindingFixture } from '../fixtures/asffFindingFixture';
import { generateDemoFindings } from '../demo';
import { isCertainlyValidAsffFinding } from './fastCheck';
import { asffFindingSchema, validateAsffFinding } from './schema';

/** A finding with every field the schema names present. */
function fullFinding(): Record<string, any> {
  const finding: Record<string, any> = JSON.parse(
    JSON.stringify(asffFindingFixture()),
  );
  finding.Types = ['Software and Configuration Checks'];
  finding.FirstObservedAt = '2026-11-01T00:00:00.000Z';
  finding.LastObservedAt = '2026-11-02T00:00:00.000Z';
  finding.Severity = { Label: 'HIGH', Normalized: 70, Original: 'HIGH' };
  finding.Resources[0].Partition = 'aws';
  finding.Resources[0].Region = 'us-east-1';
  finding.Resources[0].Tags = { team: 'payments' };
  finding.Compliance = {
    Status: 'FAILED',
    SecurityControlId: 'S3.5',
    AssociatedStandards: [{ StandardsId: 'standards/aws-foundational' }],
  };
  finding.Workflow = { Status: 'NEW' };
  finding.WorkflowState = 'NEW';
  finding.RecordState = 'ACTIVE';
  finding.Remediation = { Recommendation: { Text: 'Fix', Url: 'https://x' } };
  finding.ProductFields = { a: 'b' };
  finding.ProductName = 'Security Hub';
  finding.CompanyName = 'AWS';
  return finding;
}

/** Every path to an object member or array element. */
function paths(value: unknown, prefix: Array<string | number> = []) {
  const found: Array<Array<string | number>> = [];
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      found.push(path, ...paths(child, path));
    }
  }
  return found;
}

function withValue(path: Array<string | number>, value: unknown) {
  const copy = fullFinding();
  let target: any = copy;
  for (const key of path.slice(0, -1)) target = target[key];
  const last = path[path.length - 1];
  if (value === undefined && !Array.isArray(target)) delete target[last];
  else target[last] = value;
  return copy;
}

const REPLACEMENTS: unknown[] = [
  undefined,
  null,
  '',
  'x',
  'yesterday',
  '2026-11-28T10:00:00Z',
  0,
  -1,
  70,
  101,
  true,
  [],
  ['x'],
  [1],
  {},
  { Label: 'HIGH' },
  { StandardsId: 1 },
  { Type: 'AwsS3Bucket', Id: 'arn' },
  'HIGH',
  'FAILED',
  'NEW',
  'ACTIVE',
  '123456789012',
  'A'.repeat(513),
];

const agrees = (value: unknown) =>
  isCertainlyValidAsffFinding(value) ===
  asffFindingSchema.safeParse(value).success;

describe('isCertainlyValidAsffFinding', () => {
  it('accepts what the schema accepts: the demo dataset and a full finding', () => {
    for (const finding of generateDemoFindings({ count: 3000 })) {
      expect(isCertainlyValidAsffFinding(finding)).toBe(true);
    }
    expect(isCertainlyValidAsffFinding(fullFinding())).toBe(true);
    expect(isCertainlyValidAsffFinding({ ...fullFinding(), Extra: [1] })).toBe(
      true,
    );
  });

  it('agrees with the schema on every field replaced by every kind of value', () => {
    const disagreements: string[] = [];
    let rejected = 0;
    for (const path of paths(fullFinding())) {
      for (const replacement of REPLACEMENTS) {
        const value = withValue(path, replacement);
        if (!asffFindingSchema.safeParse(value).success) rejected += 1;
        if (!agrees(value)) {
          disagreements.push(
            `${path.join('.')} = ${JSON.stringify(replacement)}`,
          );
        }
      }
    }
    expect(disagreements).toEqual([]);
    // The mutations do exercise the rules, not just accepted values.
    expect(rejected).toBeGreaterThan(300);
  });

  it('agrees on values that are not findings at all', () => {
    for (const value of [null, undefined, 'x', 1, [], [fullFinding()], {}]) {
      expect(agrees(value)).toBe(true);
    }
  });

  it('keeps the schema’s messages for invalid findings', () => {
    const { Title, ...untitled } = fullFinding();
    const result = validateAsffFinding(untitled);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['Title'],
      message: 'Required',
    });
    const valid = fullFinding();
    expect(validateAsffFinding(valid)).toEqual({
      success: true,
      data: asffFindingSchema.parse(valid),
      error: undefined,
    });
  });
});

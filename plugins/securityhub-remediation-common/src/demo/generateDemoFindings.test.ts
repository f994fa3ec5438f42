import { asffFindingSchema } from '../asff/schema';
import { SEVERITY_LABELS } from '../findings/constants';
import { getControl } from '../catalog';
import {
  DEFAULT_DEMO_FINDINGS_COUNT,
  DEMO_REFERENCE_TIME,
  generateDemoFindings,
} from './generateDemoFindings';
import { DEMO_ACCOUNTS } from './accounts';

describe('generateDemoFindings', () => {
  const findings = generateDemoFindings();
  const distinct = (values: Array<string | undefined>) => new Set(values);

  it('is deterministic for a seed', () => {
    expect(generateDemoFindings({ count: 300, seed: 7 })).toEqual(
      generateDemoFindings({ count: 300, seed: 7 }),
    );
    expect(generateDemoFindings({ count: 300, seed: 8 })).not.toEqual(
      generateDemoFindings({ count: 300, seed: 7 }),
    );
  });

  it('generates the default demo size', () => {
    expect(DEFAULT_DEMO_FINDINGS_COUNT).toBeGreaterThanOrEqual(2000);
    expect(findings).toHaveLength(DEFAULT_DEMO_FINDINGS_COUNT);
    expect(generateDemoFindings({ count: 17 })).toHaveLength(17);
    expect(generateDemoFindings({ count: 0 })).toEqual([]);
  });

  it('generates findings that pass the ASFF schema', () => {
    const problems = findings.flatMap((finding, index) => {
      const result = asffFindingSchema.safeParse(finding);
      return result.success ? [] : [`#${index}: ${result.error.message}`];
    });
    expect(problems).toEqual([]);
  });

  it('covers every severity, status, workflow and record state', () => {
    expect(distinct(findings.map(f => f.Severity.Label))).toEqual(
      new Set(SEVERITY_LABELS),
    );
    const compliance = distinct(findings.map(f => f.Compliance?.Status));
    expect(compliance).toContain('PASSED');
    expect(compliance).toContain('FAILED');
    expect(
      distinct(findings.map(f => f.Workflow?.Status)).size,
    ).toBeGreaterThanOrEqual(3);
    expect(distinct(findings.map(f => f.RecordState))).toEqual(
      new Set(['ACTIVE', 'ARCHIVED']),
    );
  });

  it('spreads findings over accounts and regions', () => {
    expect(
      distinct(findings.map(f => f.AwsAccountId)).size,
    ).toBeGreaterThanOrEqual(3);
    expect(distinct(findings.map(f => f.Region)).size).toBeGreaterThanOrEqual(
      2,
    );
    const demoIds = new Set(DEMO_ACCOUNTS.map(a => a.id));
    expect(findings.every(f => demoIds.has(f.AwsAccountId))).toBe(true);
  });

  it('has the Security Hub mix of compliance statuses', () => {
    const share = (status: string) =>
      findings.filter(f => f.Compliance?.Status === status).length /
      findings.length;
    expect(share('FAILED')).toBeGreaterThan(0.45);
    expect(share('FAILED')).toBeLessThan(0.65);
    expect(share('PASSED')).toBeGreaterThan(0.28);
    expect(share('PASSED')).toBeLessThan(0.48);
    expect(share('WARNING')).toBeGreaterThan(0);
    expect(share('NOT_AVAILABLE')).toBeGreaterThan(0);
  });

  it('follows Security Hub rules for passed and suppressed findings', () => {
    const passed = findings.filter(f => f.Compliance?.Status === 'PASSED');
    expect(passed.length).toBeGreaterThan(0);
    expect(distinct(passed.map(f => f.Severity.Label))).toEqual(
      new Set(['INFORMATIONAL']),
    );
    expect(distinct(passed.map(f => f.Workflow?.Status))).toEqual(
      new Set(['RESOLVED']),
    );
    const suppressed = findings.filter(
      f => f.Workflow?.Status === 'SUPPRESSED',
    );
    expect(suppressed.length).toBeGreaterThan(0);
    expect(distinct(suppressed.map(f => f.Compliance?.Status))).toEqual(
      new Set(['FAILED']),
    );
  });

  it('has unique ids and consistent timestamps', () => {
    expect(distinct(findings.map(f => f.Id)).size).toBe(findings.length);
    const now = Date.parse(DEMO_REFERENCE_TIME);
    for (const finding of findings) {
      const created = Date.parse(finding.CreatedAt);
      const updated = Date.parse(finding.UpdatedAt);
      expect(updated).toBeGreaterThanOrEqual(created);
      expect(updated).toBeLessThanOrEqual(now);
      expect(created).toBeGreaterThanOrEqual(now - 91 * 24 * 3600 * 1000);
    }
  });

  it('builds consolidated control findings as Security Hub emits them', () => {
    for (const finding of findings) {
      const controlId = finding.Compliance?.SecurityControlId ?? '';
      const control = getControl(controlId);
      expect(control).toBeDefined();
      expect(finding.Id).toMatch(
        new RegExp(
          `^arn:aws:securityhub:${finding.Region}:${
            finding.AwsAccountId
          }:security-control/${controlId.replace(
            '.',
            '\\.',
          )}/finding/[0-9a-f-]{36}$`,
        ),
      );
      expect(finding.GeneratorId).toBe(`security-control/${controlId}`);
      expect(finding.ProductArn).toBe(
        `arn:aws:securityhub:${finding.Region}::product/aws/securityhub`,
      );
      expect(finding.Resources[0].Type).toBe(control?.resourceType);
      expect(finding.Remediation?.Recommendation?.Url).toBe(
        `https://docs.aws.amazon.com/console/securityhub/${controlId}/remediation`,
      );
    }
    const bucket = findings.find(f => f.Resources[0].Type === 'AwsS3Bucket');
    expect(bucket?.Resources[0].Id).toMatch(/^arn:aws:s3:::[a-z0-9.-]+$/);
    const account = findings.find(f => f.Resources[0].Type === 'AwsAccount');
    expect(account?.Resources[0].Id).toBe(
      `AWS::::Account:${account?.AwsAccountId}`,
    );
  });

  it('gives resources the Details runbooks need, the same in every finding on a resource', () => {
    const rds = findings.filter(
      f => f.Resources[0].Type === 'AwsRdsDbInstance',
    );
    expect(rds.length).toBeGreaterThan(10);
    const byResource = new Map<string, Set<string>>();
    for (const finding of rds) {
      const [resource] = finding.Resources;
      const details = (resource.Details as any)?.AwsRdsDbInstance;
      expect(details.DbiResourceId).toMatch(/^db-[A-Z0-9]{26}$/);
      expect(resource.Id.endsWith(`:db:${details.DbInstanceIdentifier}`)).toBe(
        true,
      );
      const seen = byResource.get(resource.Id) ?? new Set<string>();
      seen.add(JSON.stringify(details));
      byResource.set(resource.Id, seen);
    }
    // Several findings per instance, each instance with one set of details.
    expect(byResource.size).toBeLessThan(rds.length);
    expect([...byResource.values()].every(set => set.size === 1)).toBe(true);
    const user = findings.find(f => f.Resources[0].Type === 'AwsIamUser');
    expect((user?.Resources[0].Details as any)?.AwsIamUser.UserId).toMatch(
      /^AIDA[A-Z0-9]{17}$/,
    );
    const bucket = findings.find(f => f.Resources[0].Type === 'AwsS3Bucket');
    expect(bucket?.Resources[0].Details).toBeUndefined();
  });

  it('generates 100,000 findings quickly', () => {
    const started = Date.now();
    const many = generateDemoFindings({ count: 100_000, seed: 3 });
    // About 1 s on a laptop; the margin keeps busy CI machines green while
    // still catching accidental quadratic work.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(many).toHaveLength(100_000);
    expect(distinct(many.map(f => f.Id)).size).toBe(100_000);
    // Same control never evaluates the same resource twice in a region.
    expect(
      distinct(
        many.map(
          f =>
            `${f.Region}|${f.Compliance?.SecurityControlId}|${f.Resources[0].Id}`,
        ),
      ).size,
    ).toBe(100_000);
  });
});

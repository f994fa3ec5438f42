import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { asffFindingFixture } from '@internal/plugin-securityhub-remediation-common';
import {
  ListSecurityControlDefinitionsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { CURATED_AUTOMATIONS } from '../curated';
import { renderRemediation } from '../templates/renderRemediation';
import { main } from './main';

/** The real cfn-lint runner, its calls counted. */
const mockLintedFiles = jest.fn();
jest.mock('../validation/cfnLint', () => {
  const actual = jest.requireActual('../validation/cfnLint');
  return {
    ...actual,
    runCfnLintOnFiles: (files: string[], options?: object) => {
      mockLintedFiles(files);
      return actual.runCfnLintOnFiles(files, options);
    },
  };
});

const FIXTURES = resolve(__dirname, '../validation/__fixtures__');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    out: t => out.push(t),
    err: t => err.push(t),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('yarn remediation', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'remediation-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('retrieve: ranked controls as JSON', async () => {
    const { code, out } = await run(
      'retrieve',
      'our bucket accepts plain http',
      '--limit',
      '3',
    );
    expect(code).toBe(0);
    const results = JSON.parse(out);
    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({
      controlId: 'S3.5',
      score: expect.any(Number),
    });
    expect(results[0].evidence.length).toBeGreaterThan(0);
  });

  it('retrieve --catalog: finds controls of a refreshed catalog the bundled one lacks', async () => {
    const catalogFile = join(dir, 'controls.json');
    writeFileSync(
      catalogFile,
      JSON.stringify([
        {
          id: 'Quantum.1',
          service: 'Quantum',
          title: 'Braket notebooks should not be public',
          titleVariants: [],
          severity: 'HIGH',
          configRule: null,
          runbook: null,
          inFsbp: true,
          status: 'active',
          resourceType: 'AwsBraketNotebook',
        },
      ]),
    );
    const byId = await run('retrieve', 'quantum-1', '--catalog', catalogFile);
    expect(byId.code).toBe(0);
    expect(JSON.parse(byId.out)[0]).toMatchObject({
      controlId: 'Quantum.1',
      score: 1,
    });
    const byText = await run(
      'retrieve',
      'public braket notebook',
      `--catalog=${catalogFile}`,
    );
    expect(JSON.parse(byText.out)[0].controlId).toBe('Quantum.1');
    const bundled = await run('retrieve', 'quantum-1');
    expect(
      JSON.parse(bundled.out).map((r: { controlId: string }) => r.controlId),
    ).not.toContain('Quantum.1');
  });

  it('retrieve --catalog: a malformed catalog file is refused with where it is wrong', async () => {
    const catalogFile = join(dir, 'controls.json');
    writeFileSync(catalogFile, JSON.stringify([{ id: 'S3.5', title: 'x' }]));
    const { code, err } = await run('retrieve', 'x', '--catalog', catalogFile);
    expect(code).not.toBe(0);
    expect(err).toContain(`Control catalog ${catalogFile}`);
    expect(err).toContain('0.service');
  });

  it('render <finding.json>: writes the template and the filled params file', async () => {
    const findingFile = join(dir, 'finding.json');
    writeFileSync(
      findingFile,
      JSON.stringify({
        Findings: [
          asffFindingFixture({
            controlId: 'S3.5',
            resourceType: 'AwsS3Bucket',
            resourceId: 'arn:aws:s3:::payments-prod-ledger',
          }),
        ],
      }),
    );
    const out = join(dir, 'out');
    const result = await run('render', findingFile, '--out', out);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain(
      'AWSConfigRemediation-RestrictBucketSSLRequestsOnly',
    );
    const params = JSON.parse(
      readFileSync(join(out, 'SecHubRemediation-S3-5-params.json'), 'utf8'),
    );
    expect(params).toContainEqual({
      ParameterKey: 'BucketName',
      ParameterValue: 'payments-prod-ledger',
    });
    expect(
      readFileSync(join(out, 'SecHubRemediation-S3-5.yaml'), 'utf8'),
    ).toContain('AWS::SSM::Document');
  });

  it('render <control id>: names the parameters an operator must fill', async () => {
    const result = await run('render', 'S3.5', '--out', dir);
    expect(result.code).toBe(0);
    expect(result.out).toContain('fill BucketName');
    expect(existsSync(join(dir, 'SecHubRemediation-S3-5.yaml'))).toBe(true);
  });

  it('render --prefer curated: the curated automation where an AWS runbook also exists', async () => {
    const controlId = CURATED_AUTOMATIONS.find(
      a => renderRemediation({ controlId: a.controlId }).kind === 'aws-runbook',
    )!.controlId;
    const byDefault = await run('render', controlId, '--out', dir);
    expect(byDefault.out).toMatch(`${controlId} (`);
    expect(byDefault.out).toMatch(/: AWS runbook /);
    const curated = await run(
      'render',
      controlId,
      '--out',
      dir,
      '--prefer',
      'curated',
    );
    expect(curated.code).toBe(0);
    expect(curated.out).toMatch(/: curated automation/);
    const wrong = await run('render', controlId, '--prefer', 'newest');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch('--prefer takes one of: aws-runbook, curated');
  });

  it('render: prints the cannot-automate answer and writes nothing', async () => {
    const result = await run('render', 'DMS.1', '--out', dir, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({
      kind: 'cannot-automate',
      controlId: 'DMS.1',
      files: [],
    });
  });

  it('render: refuses input that is neither a file nor a control id', async () => {
    const result = await run('render', '../../etc/passwd;rm', '--out', dir);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/neither a file nor a control id/);
    const unknown = await run('render', 'S3.999');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(
      /not a Security Hub control this product knows/,
    );
  });

  it('validate: exit 0 for valid files (template and bare document), 1 with precise messages otherwise', async () => {
    const valid = await run(
      'validate',
      join(FIXTURES, 'valid/s3-bucket-encryption-template.yaml'),
      join(FIXTURES, 'valid/execute-script-document.yaml'),
      '--no-cfn-lint',
    );
    expect(valid.code).toBe(0);
    expect(valid.out).toMatch(
      /execute-script-document.yaml: valid \(automation-document; cfn-lint not run \(bare Automation document\)\)/,
    );
    expect(valid.out).toMatch(
      /s3-bucket-encryption-template.yaml: valid \(template; cfn-lint not run \(--no-cfn-lint\)\)/,
    );

    const broken = await run(
      'validate',
      join(FIXTURES, 'broken/unknown-api.yaml'),
      '--no-cfn-lint',
    );
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/INVALID/);
    expect(broken.out).toMatch(
      /error automation-unknown-api at \S+: .+\n {4}\(https:\/\/docs\.aws\.amazon\.com\/systems-manager\/latest\/userguide\/automation-action-executeAwsApi\.html\)/,
    );
  });

  it('validate --report-policy: a third-party template passes on validity, its policy findings shown as warnings', async () => {
    const file = join(FIXTURES, 'broken/wildcard-action.yaml');
    const enforced = await run('validate', file, '--no-cfn-lint');
    expect(enforced.code).toBe(1);
    expect(enforced.out).toMatch(
      /least-privilege policy \(enforced\):\n {4}error iam-wildcard-action/,
    );
    const reported = await run(
      'validate',
      file,
      '--no-cfn-lint',
      '--report-policy',
    );
    expect(reported.code).toBe(0);
    expect(reported.out).toMatch(
      /least-privilege policy \(reported\):\n {4}warning iam-wildcard-action/,
    );
  });

  it('validate: one cfn-lint start for every template of the call, none for bare documents', async () => {
    const templates = [
      join(FIXTURES, 'valid/s3-bucket-encryption-template.yaml'),
      join(FIXTURES, 'valid/script-step-template.yaml'),
    ];
    const document = join(FIXTURES, 'valid/execute-script-document.yaml');
    mockLintedFiles.mockClear();
    const { code, out } = await run(
      'validate',
      templates[0],
      document,
      templates[1],
    );
    expect(code).toBe(0);
    expect(mockLintedFiles.mock.calls).toEqual([[templates]]);
    expect(out).toMatch(
      /execute-script-document.yaml: valid \(automation-document; cfn-lint not run/,
    );
    expect(out).not.toMatch(/cfn-lint failed/);
  }, 60_000);

  it('validate: runs cfn-lint on templates when it is installed', async () => {
    const { code, out } = await run(
      'validate',
      join(FIXTURES, 'valid/s3-bucket-encryption-template.yaml'),
    );
    expect(code).toBe(0);
    expect(out).toMatch(/cfn-lint (passed|skipped: .+)/);
    // cfn-lint (Python) alone takes ~4 s to start here.
  }, 30_000);

  it("coverage --markdown: the README's coverage table is the generated one", async () => {
    const { code, out } = await run('coverage', '--markdown');
    expect(code).toBe(0);
    const readme = readFileSync(
      resolve(__dirname, '../../../../../README.md'),
      'utf8',
    );
    // Regenerate with `yarn remediation coverage --markdown` after changing
    // what remediates a control.
    expect(readme).toContain(`${out}\n`);
    expect(out).toMatch(/^\| automated by +\| controls \| validated \|$/m);
  });

  it('coverage --json: every FSBP control with totals', async () => {
    const { code, out } = await run('coverage', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.totals.controls).toBe(report.controls.length);
    expect(report.totals.automated).toBe(
      report.totals['aws-runbook'] + report.totals.curated,
    );
    expect(report.totals.validated).toBe(report.totals.automated);
    expect(
      report.controls.find(
        (c: { controlId: string }) => c.controlId === 'DMS.1',
      ),
    ).toMatchObject({
      automatedBy: 'cannot-automate',
    });
  });

  it('answers an unknown command with the usage', async () => {
    const { code, err } = await run('deploy');
    expect(code).toBe(2);
    expect(err).toMatch(
      /unknown command "deploy"[\s\S]*Usage: yarn remediation/,
    );
  });
});

describe('yarn remediation catalog-refresh', () => {
  it('compares the bundled catalog with Security Hub and prints the diff', async () => {
    const hub = mockClient(SecurityHubClient);
    hub.on(ListSecurityControlDefinitionsCommand).resolves({
      SecurityControlDefinitions: [
        {
          SecurityControlId: 'S3.5',
          Title:
            'S3 general purpose buckets should require requests to use SSL',
          Description: 'x',
          RemediationUrl: 'https://example.com',
          SeverityRating: 'MEDIUM',
          CurrentRegionAvailability: 'AVAILABLE',
        },
      ],
    });
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    try {
      const { code, out } = await run(
        'catalog-refresh',
        '--region',
        'us-east-1',
        '--json',
      );
      expect(code).toBe(0);
      const { diff } = JSON.parse(out);
      expect(diff.liveListComplete).toBe(true);
      // Every other bundled control is missing from this (complete) live list.
      expect(diff.retired).toContain('EC2.2');
      expect(diff.retired).not.toContain('S3.5');
      const calls = hub.commandCalls(ListSecurityControlDefinitionsCommand);
      expect(calls.map(c => c.args[0].input.StandardsArn)).toEqual([
        undefined,
        'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
      ]);
    } finally {
      hub.restore();
    }
  });

  it('needs a region', async () => {
    const { code, err } = await run('catalog-refresh');
    expect(code).toBe(2);
    expect(err).toMatch(/--region/);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { GetDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  generateDemoFindings,
  listControls,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import {
  findMotoServer,
  startMotoServer,
  type MotoServer,
} from '../../findings/securityhub/__testUtils__/motoServer';
import { findCfnLint, runCfnLint } from '../validation/cfnLint';
import {
  renderRemediation,
  type RenderedRemediation,
} from './renderRemediation';

/**
 * Every template the engine can render, end to end: cfn-lint finds no error
 * in any of them, and each deploys on CloudFormation (moto_server) to
 * CREATE_COMPLETE with its Automation document readable through SSM.
 */
jest.setTimeout(300_000);

/** One demo finding per control, so parameters are filled from a realistic resource. */
function findingsByControl(): Map<string, AsffFinding> {
  const byControl = new Map<string, AsffFinding>();
  for (const finding of generateDemoFindings({ count: 6000, seed: 7 })) {
    const id = finding.Compliance?.SecurityControlId;
    if (id && !byControl.has(id)) byControl.set(id, finding);
  }
  return byControl;
}

function renderAll(): RenderedRemediation[] {
  const findings = findingsByControl();
  const rendered: RenderedRemediation[] = [];
  for (const control of listControls()) {
    const answer = renderRemediation({
      controlId: control.id,
      finding: findings.get(control.id),
    });
    if (answer.kind === 'aws-runbook' || answer.kind === 'curated')
      rendered.push(answer);
  }
  return rendered;
}

/**
 * Values for what a demo finding cannot fill (operator choices, Details
 * fields); a new automation whose parameter pattern none of these match
 * fails below with the pattern to add an example for.
 */
const EXAMPLE_VALUES = [
  'example-resource-1',
  '0123456789abcdef0123456789abcdef',
  '1234abcd-12ab-34cd-56ef-1234567890ab',
  'sg-0123456789abcdef0',
  'tgw-0123456789abcdef0',
  'eni-0123456789abcdef0',
  'arn:aws:s3:::example-resource-1',
  'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0',
  'arn:aws:network-firewall:us-east-1:123456789012:firewall/example-firewall',
  'b-12345678-1234-1234-1234-123456789012',
  'arn:aws:firehose:us-east-1:123456789012:deliverystream/example-stream',
  'arn:aws:fsx:us-east-1:123456789012:file-system/fs-0123456789abcdef0',
  'arn:aws:kinesis:us-east-1:123456789012:stream/example-stream',
  '7',
  'sun:05:00-sun:06:00',
];

function exampleValue(name: string, pattern: string | undefined): string {
  const candidate = EXAMPLE_VALUES.find(
    v => !pattern || new RegExp(pattern).test(v),
  );
  if (!candidate)
    throw new Error(`no example value for ${name} matches ${pattern}`);
  return candidate;
}

function stackParameters(answer: RenderedRemediation) {
  const declared = (answer.template.Parameters ?? {}) as Record<
    string,
    { AllowedPattern?: string }
  >;
  return (
    JSON.parse(answer.parametersJson) as Array<{
      ParameterKey: string;
      ParameterValue: string;
    }>
  ).map(p => ({
    ParameterKey: p.ParameterKey,
    ParameterValue:
      p.ParameterValue ||
      exampleValue(p.ParameterKey, declared[p.ParameterKey]?.AllowedPattern),
  }));
}

const cfnLint = findCfnLint();
const motoPath = findMotoServer();

(cfnLint || process.env.REQUIRE_CFN_LINT === '1' ? describe : describe.skip)(
  'cfn-lint over every rendered template',
  () => {
    it('reports no error', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'remediation-templates-'));
      try {
        const files = renderAll().map(answer => {
          const file = join(dir, `${answer.name}.yaml`);
          writeFileSync(file, answer.templateYaml);
          return file;
        });
        const result = await runCfnLint(files);
        expect(result.skipped).toBeUndefined();
        expect(result.problems.filter(p => p.severity === 'error')).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

(motoPath || process.env.REQUIRE_MOTO === '1' ? describe : describe.skip)(
  'every rendered template on CloudFormation (moto_server)',
  () => {
    let moto: MotoServer | undefined;
    beforeAll(async () => {
      if (!motoPath)
        throw new Error('REQUIRE_MOTO=1 but moto_server is missing');
      moto = await startMotoServer({ executable: motoPath });
    });
    afterAll(() => moto?.stop());

    it('creates each stack and its Automation document', async () => {
      const config = {
        endpoint: moto!.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      };
      const cloudFormation = new CloudFormationClient(config);
      const ssm = new SSMClient(config);
      const failures: string[] = [];
      const rendered = renderAll();
      for (const answer of rendered) {
        try {
          await cloudFormation.send(
            new CreateStackCommand({
              StackName: answer.name,
              TemplateBody: answer.templateYaml,
              Parameters: stackParameters(answer),
              Capabilities: ['CAPABILITY_IAM'],
            }),
          );
          await waitUntilStackCreateComplete(
            {
              client: cloudFormation,
              maxWaitTime: 30,
              minDelay: 1,
              maxDelay: 1,
            },
            { StackName: answer.name },
          );
          const { Stacks } = await cloudFormation.send(
            new DescribeStacksCommand({ StackName: answer.name }),
          );
          const document = await ssm.send(
            new GetDocumentCommand({ Name: answer.name }),
          );
          const content = JSON.parse(document.Content ?? '{}');
          if (
            Stacks?.[0]?.StackStatus !== 'CREATE_COMPLETE' ||
            content.schemaVersion !== '0.3'
          ) {
            failures.push(
              `${answer.controlId}: ${Stacks?.[0]?.StackStatus} / schemaVersion ${content.schemaVersion}`,
            );
          }
        } catch (error) {
          failures.push(`${answer.controlId}: ${(error as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
      expect(rendered.length).toBeGreaterThan(100);
    });
  },
);

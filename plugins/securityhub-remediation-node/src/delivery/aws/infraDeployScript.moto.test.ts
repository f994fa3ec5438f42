import { execFileSync, spawnSync } from 'child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackSetCommand,
  DescribeStacksCommand,
  ListStackInstancesCommand,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { GetDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import { generateDemoFindings } from '@internal/plugin-securityhub-remediation-common';
import {
  findMotoServer,
  startMotoServer,
  type MotoServer,
} from '../../findings/securityhub/__testUtils__/motoServer';
import {
  renderRemediation,
  type RenderedRemediation,
} from '../../remediation/templates/renderRemediation';
import { withDeployManifest, type DeployManifest } from '../deployManifest';
import { remediationFiles } from '../files';
import { findPythonWithBoto3, INFRA_DIR } from './__testUtils__/infraTemplates';

/**
 * The Deploy stage's script (infra/pipeline/deploy_remediations.py) deploys
 * rendered remediations as stacks and StackSets on CloudFormation
 * (moto_server), with their parameters, and refuses what it must not deploy.
 */
jest.setTimeout(180_000);

const ACCOUNT = '123456789012';
const WORKLOAD_ACCOUNT = '111111111111';
const MEMBER = 'member-account.yaml';

/** Two remediations of different controls, with every parameter filled from a demo finding. */
function renderedRemediations(): RenderedRemediation[] {
  const picked: RenderedRemediation[] = [];
  for (const finding of generateDemoFindings({ count: 400, seed: 11 })) {
    const controlId = finding.Compliance?.SecurityControlId;
    if (!controlId || picked.some(p => p.controlId === controlId)) continue;
    const answer = renderRemediation({ controlId, finding });
    if (
      (answer.kind === 'aws-runbook' || answer.kind === 'curated') &&
      answer.missingParameters.length === 0 &&
      Object.keys(answer.parameters).length > 0
    ) {
      picked.push(answer);
      if (picked.length === 2) break;
    }
  }
  if (picked.length < 2)
    throw new Error('no two fully parameterised remediations');
  return picked;
}

const motoPath = findMotoServer();
const python = findPythonWithBoto3();
const canRunMoto = Boolean(motoPath && python);
if (!canRunMoto && process.env.REQUIRE_MOTO !== '1') {
  // eslint-disable-next-line no-console
  console.warn(
    'infra.test.ts: deploy script checks skipped: moto_server or a python3 with boto3 is not on PATH (both come with the pyenv Python of this image); set REQUIRE_MOTO=1 to make this a failure',
  );
}

(canRunMoto || process.env.REQUIRE_MOTO === '1' ? describe : describe.skip)(
  'the Deploy stage on CloudFormation (moto_server)',
  () => {
    let moto: MotoServer | undefined;
    let repo: string;
    let cloudFormation: CloudFormationClient;
    const config = (region: string) => ({
      endpoint: moto!.endpoint,
      region,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });

    beforeAll(async () => {
      if (!motoPath || !python) {
        throw new Error(
          'REQUIRE_MOTO=1 but moto_server or a python3 with boto3 is missing from PATH',
        );
      }
      moto = await startMotoServer({ executable: motoPath });
      cloudFormation = new CloudFormationClient(config('us-east-1'));
      repo = mkdtempSync(join(tmpdir(), 'remediation-deploy-'));
      git('init', '-q', '-b', 'main');
    });
    afterAll(async () => {
      await moto?.stop();
      if (repo) rmSync(repo, { recursive: true, force: true });
    });

    function git(...args: string[]): string {
      return execFileSync('git', args, {
        cwd: repo,
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'Portal',
          GIT_AUTHOR_EMAIL: 'portal@example.com',
          GIT_COMMITTER_NAME: 'Portal',
          GIT_COMMITTER_EMAIL: 'portal@example.com',
        },
      });
    }

    /** Commits the remediation's two files, its manifest in the template, as the portal stages them. */
    function stage(
      answer: RenderedRemediation,
      manifest: DeployManifest,
    ): void {
      const files = remediationFiles(
        answer.name,
        withDeployManifest(answer.templateYaml, manifest),
        answer.parametersJson,
      );
      for (const file of files) {
        mkdirSync(dirname(join(repo, file.path)), { recursive: true });
        writeFileSync(join(repo, file.path), file.content);
      }
      git('add', '-A');
      git('commit', '-q', '-m', `Remediate ${answer.controlId}`);
    }

    function deploy(...extra: string[]) {
      const result = spawnSync(
        python!,
        [
          join(INFRA_DIR, 'pipeline/deploy_remediations.py'),
          '--repo',
          repo,
          '--poll-seconds',
          '1',
          '--timeout-seconds',
          '120',
          ...extra,
        ],
        {
          encoding: 'utf8',
          env: {
            ...process.env,
            AWS_ENDPOINT_URL: moto!.endpoint,
            AWS_ACCESS_KEY_ID: 'testing',
            AWS_SECRET_ACCESS_KEY: 'testing',
            AWS_REGION: 'us-east-1',
          },
        },
      );
      return { code: result.status, out: result.stdout, err: result.stderr };
    }

    const stackSetOptions = [
      '--allowed-accounts',
      WORKLOAD_ACCOUNT,
      '--admin-role-arn',
      `arn:aws:iam::${ACCOUNT}:role/SecHubRemediationStackSetAdministration`,
      '--execution-role-name',
      'SecHubRemediationStackSetExecution',
    ];
    const [stackRemediation, stackSetRemediation] = renderedRemediations();
    const parametersOf = (answer: RenderedRemediation) =>
      JSON.parse(answer.parametersJson) as Array<{
        ParameterKey: string;
        ParameterValue: string;
      }>;
    const byKey = (
      a: { ParameterKey?: string },
      b: { ParameterKey?: string },
    ) => (a.ParameterKey ?? '').localeCompare(b.ParameterKey ?? '');

    it('deploys a stack with its parameters, and a second run changes nothing', async () => {
      stage(stackRemediation, {
        findingId: 'arn:aws:securityhub:us-east-1:123456789012:finding/one',
        accounts: [ACCOUNT],
        regions: ['us-east-1'],
        deployment: 'stack',
      });
      const first = deploy();
      expect(first).toMatchObject({ code: 0 });
      expect(first.out).toContain(`${stackRemediation.name}: stack created`);

      const { Stacks } = await cloudFormation.send(
        new DescribeStacksCommand({ StackName: stackRemediation.name }),
      );
      expect(Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
      expect([...(Stacks?.[0]?.Parameters ?? [])].sort(byKey)).toEqual(
        parametersOf(stackRemediation).sort(byKey),
      );
      const document = await new SSMClient(config('us-east-1')).send(
        new GetDocumentCommand({ Name: stackRemediation.name }),
      );
      expect(document.DocumentType).toBe('Automation');

      const again = deploy();
      expect(again).toMatchObject({ code: 0 });
      expect(again.out).toContain(`${stackRemediation.name}: stack unchanged`);
    });

    it('deploys a StackSet with its parameters to every account and region of the manifest', async () => {
      stage(stackSetRemediation, {
        findingId: 'arn:aws:securityhub:us-east-1:123456789012:finding/two',
        accounts: [ACCOUNT, WORKLOAD_ACCOUNT],
        regions: ['us-east-1', 'eu-west-1'],
        deployment: 'stack-set',
      });
      const result = deploy(...stackSetOptions);
      expect(result).toMatchObject({ code: 0 });
      expect(result.out).toContain(
        'StackSet created, 4 stack instance(s) added',
      );

      const { StackSet } = await cloudFormation.send(
        new DescribeStackSetCommand({ StackSetName: stackSetRemediation.name }),
      );
      expect(StackSet).toMatchObject({
        PermissionModel: 'SELF_MANAGED',
        ExecutionRoleName: 'SecHubRemediationStackSetExecution',
        AdministrationRoleARN: `arn:aws:iam::${ACCOUNT}:role/SecHubRemediationStackSetAdministration`,
      });
      expect([...(StackSet?.Parameters ?? [])].sort(byKey)).toEqual(
        parametersOf(stackSetRemediation).sort(byKey),
      );
      const { Summaries } = await cloudFormation.send(
        new ListStackInstancesCommand({
          StackSetName: stackSetRemediation.name,
        }),
      );
      expect(
        (Summaries ?? []).map(s => `${s.Account}/${s.Region}`).sort(),
      ).toEqual(
        [
          `${ACCOUNT}/eu-west-1`,
          `${ACCOUNT}/us-east-1`,
          `${WORKLOAD_ACCOUNT}/eu-west-1`,
          `${WORKLOAD_ACCOUNT}/us-east-1`,
        ].sort(),
      );
      // The instance in this account's second region holds the document.
      const document = await new SSMClient(config('eu-west-1')).send(
        new GetDocumentCommand({ Name: stackSetRemediation.name }),
      );
      expect(document.DocumentType).toBe('Automation');

      const again = deploy(...stackSetOptions);
      expect(again).toMatchObject({ code: 0 });
      expect(again.out).toContain(
        'StackSet updated, 0 stack instance(s) added',
      );
    });

    it('refuses an account outside WorkloadAccounts, naming the template', () => {
      const result = deploy(
        '--allowed-accounts',
        '',
        ...stackSetOptions.slice(2),
      );
      expect(result.code).toBe(2);
      expect(result.err).toContain(
        `deploy/${stackSetRemediation.name}.yaml: accounts ${WORKLOAD_ACCOUNT} are not among the pipeline's WorkloadAccounts`,
      );
    });

    it('creates the member-account template (roles only; the pipeline template uses types moto lacks)', async () => {
      await cloudFormation.send(
        new CreateStackCommand({
          StackName: 'remediation-member',
          TemplateBody: readFileSync(join(INFRA_DIR, MEMBER), 'utf8'),
          Parameters: [
            { ParameterKey: 'AdministratorAccountId', ParameterValue: ACCOUNT },
            {
              ParameterKey: 'PortalPrincipalArn',
              ParameterValue: `arn:aws:iam::${ACCOUNT}:role/portal`,
            },
          ],
          Capabilities: ['CAPABILITY_NAMED_IAM'],
        }),
      );
      await waitUntilStackCreateComplete(
        { client: cloudFormation, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
        { StackName: 'remediation-member' },
      );
      const { Stacks } = await cloudFormation.send(
        new DescribeStacksCommand({ StackName: 'remediation-member' }),
      );
      expect(
        Object.fromEntries(
          (Stacks?.[0]?.Outputs ?? []).map(o => [o.OutputKey, o.OutputValue]),
        ),
      ).toEqual({
        StackSetExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/SecHubRemediationStackSetExecution`,
        PortalRemediationRunnerRoleArn: `arn:aws:iam::${ACCOUNT}:role/PortalRemediationRunnerRole`,
      });
    });
  },
);

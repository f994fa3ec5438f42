import { randomUUID } from 'crypto';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { renderRemediation } from '../../../remediation/templates/renderRemediation';
import { automationParametersOf } from '../../../remediation/templates/parametersFile';
import { withDeployManifest } from '../../deployManifest';
import { remediationFiles, remediationName } from '../../files';
import { withDocumentName } from '../../templateDocument';
import type { StagedFile } from '../../ports';
import { createAwsDelivery, type AwsDelivery } from '../awsDeliveryFromConfig';
import { accessKeyOf, fakeCredentialsManager } from './awsCredentials';
import { startFakeAws, type FakeAws, type FakeAwsOptions } from './fakeAws';

/*
 * One AWS set-up for wire tests and the delivery benchmark: the fake AWS
 * (CodeCommit, a QUEUED CodePipeline, SSM Automation, Security Hub), the
 * real SDK clients built from config, and a real rendered remediation.
 */

export const TOOLS_ACCOUNT = '111111111111';
export const MEMBER_ACCOUNT = '222222222222';
export const PIPELINE_REGION = 'us-east-1';
export const MEMBER_REGION = 'eu-west-1';
export const PIPELINE = 'securityhub-remediation';
export const REPOSITORY = 'remediation-templates';
const PRODUCT_ARN = `arn:aws:securityhub:${MEMBER_REGION}::product/aws/securityhub`;

export interface AwsDeliveryScenario {
  fake: FakeAws;
  delivery: AwsDelivery;
  close(): Promise<void>;
}

export interface FakeAwsForDelivery {
  fake: FakeAws;
  /** `securityHubRemediation.delivery` pointing at the fake. */
  deliveryConfig: JsonObject;
  credentialsManager: ReturnType<typeof fakeCredentialsManager>;
}

/**
 * The fake AWS with the remediation repository, its branch and a QUEUED
 * pipeline, and the delivery config (every endpoint at the fake) and
 * credentials that reach it: one access key per account.
 */
export async function startFakeAwsForDelivery(
  options: {
    fake?: FakeAwsOptions;
    aws?: JsonObject;
    pipeline?: { validateMs?: number; deployMs?: number; sourceMs?: number };
    /** Create the branch (default true). */
    branch?: boolean;
    /** Accounts besides the tools and member accounts. */
    accounts?: string[];
  } = {},
): Promise<FakeAwsForDelivery> {
  const accounts = [TOOLS_ACCOUNT, MEMBER_ACCOUNT, ...(options.accounts ?? [])];
  const fake = await startFakeAws({
    accounts: Object.fromEntries(
      accounts.map(accountId => [accessKeyOf(accountId), { accountId }]),
    ),
    ...options.fake,
  });
  fake.codeCommit.createRepository(REPOSITORY);
  if (options.branch ?? true) {
    fake.codeCommit.createBranch(REPOSITORY, 'main', {
      'README.md': 'Remediation templates\n',
    });
  }
  fake.codePipeline.createPipeline({
    name: PIPELINE,
    repositoryName: REPOSITORY,
    branchName: 'main',
    region: PIPELINE_REGION,
    ...options.pipeline,
  });
  const deliveryConfig: JsonObject = {
    type: 'aws',
    aws: {
      region: PIPELINE_REGION,
      maxAttempts: 4,
      endpoints: {
        codecommit: fake.endpoint,
        codepipeline: fake.endpoint,
        ssm: fake.endpoint,
        securityhub: fake.endpoint,
      },
      verify: { timeoutMinutes: 5 },
      ...options.aws,
    },
  };
  return {
    fake,
    deliveryConfig,
    credentialsManager: fakeCredentialsManager(TOOLS_ACCOUNT),
  };
}

export async function startAwsDeliveryScenario(
  options: Parameters<typeof startFakeAwsForDelivery>[0] = {},
): Promise<AwsDeliveryScenario> {
  const { fake, deliveryConfig, credentialsManager } =
    await startFakeAwsForDelivery(options);
  const delivery = await createAwsDelivery(
    new ConfigReader({ securityHubRemediation: { delivery: deliveryConfig } }),
    'securityHubRemediation.delivery.aws',
    {
      credentialsManager,
      remediationUrl: id =>
        `http://localhost:3000/securityhub/remediations/${id}`,
    },
  );
  return { fake, delivery, close: () => fake.close() };
}

/** A failing S3.5 finding of a bucket in the member account. */
export function s3Finding(bucket: string) {
  return {
    Id: `arn:aws:securityhub:${MEMBER_REGION}:${MEMBER_ACCOUNT}:security-control/S3.5/finding/${bucket}`,
    ProductArn: PRODUCT_ARN,
    AwsAccountId: MEMBER_ACCOUNT,
    Region: MEMBER_REGION,
    UpdatedAt: '2026-12-01T00:00:00.000Z',
    RecordState: 'ACTIVE',
    Resources: [{ Id: `arn:aws:s3:::${bucket}`, Type: 'AwsS3Bucket' }],
    Compliance: { Status: 'FAILED', SecurityControlId: 'S3.5' },
    Workflow: { Status: 'NEW' },
  };
}

/** The staged files of the S3.5 remediation of a bucket, as the portal builds them. */
export function s3Remediation(bucket: string) {
  const finding = s3Finding(bucket);
  const answer = renderRemediation({
    controlId: 'S3.5',
    finding: finding as never,
  });
  if (answer.kind !== 'aws-runbook')
    throw new Error(`S3.5 renders ${answer.kind}`);
  const name = remediationName('S3.5', MEMBER_ACCOUNT, finding.Resources[0].Id);
  const templateYaml = withDeployManifest(
    withDocumentName(answer.templateYaml, name),
    {
      findingId: finding.Id,
      accounts: [MEMBER_ACCOUNT],
      regions: [MEMBER_REGION],
      // Not the pipeline's account: the pipeline deploys it as a StackSet.
      deployment: 'stack-set',
    },
  );
  return {
    finding,
    name,
    templateYaml,
    parametersJson: answer.parametersJson,
    files: remediationFiles(name, templateYaml, answer.parametersJson),
  };
}

/** The S3.5 remediation of a bucket as the ports take it (see `driveRemediation`). */
export function s3RemediationRequest(bucket: string) {
  const r = s3Remediation(bucket);
  return {
    id: randomUUID(),
    name: r.name,
    templateYaml: r.templateYaml,
    files: r.files,
    findingId: r.finding.Id,
    parameters: automationParametersOf(r.parametersJson),
  };
}

/** A staging request of the remediation's files. */
export function stageRequestOf(
  remediation: { files: StagedFile[] },
  message = 'Remediate',
) {
  return {
    files: remediation.files,
    message,
    author: { name: 'Dana Ops', email: 'dana@example.com' },
  };
}

import { createHash, randomUUID } from 'crypto';
import type {
  RemediationDetail,
  RemediationPreview,
  RemediationStage,
} from '@internal/plugin-securityhub-remediation-common';
import {
  BASE_PATH,
  PluginBackend,
  type Answer,
  type RecordedRequest,
} from './pluginBackend';
import { REMEDIATION_STAGES } from '@internal/plugin-securityhub-remediation-common';

export type { RecordedRequest } from './pluginBackend';

/** The backend's hash: sha256 of template + '\n---\n' + parameters. */
export function templateHashOf(templateYaml: string, parametersJson: string) {
  return createHash('sha256')
    .update(`${templateYaml}\n---\n${parametersJson}`)
    .digest('hex');
}

/** A preview as the backend renders it for an S3.5 finding. */
export function s3Preview(
  findingId: string,
  overrides: Partial<RemediationPreview> = {},
): RemediationPreview {
  const name = 'SecurityHub-S3-5-payments-invoices';
  const templateYaml = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Description: Require TLS for s3://payments-invoices (S3.5)',
    'Parameters:',
    '  BucketName: { Type: String }',
    'Resources:',
    '  RemediationRole:',
    '    Type: AWS::IAM::Role',
    '',
  ].join('\n');
  const parametersJson = `${JSON.stringify(
    [{ ParameterKey: 'BucketName', ParameterValue: 'payments-invoices' }],
    null,
    2,
  )}\n`;
  return {
    findingId,
    controlId: 'S3.5',
    controlTitle:
      'S3 general purpose buckets should require requests to use SSL',
    awsAccountId: '111122223333',
    region: 'us-east-1',
    resourceId: 'arn:aws:s3:::payments-invoices',
    automationKind: 'aws-runbook',
    name,
    runbook: 'AWSConfigRemediation-RestrictBucketSSLRequestsOnly',
    templateYaml,
    parametersJson,
    parameters: { BucketName: 'payments-invoices' },
    missingParameters: [],
    templateHash: templateHashOf(templateYaml, parametersJson),
    validation: {
      valid: true,
      kind: 'cloudformation',
      problems: [
        {
          rule: 'cfn-lint:W3005',
          path: 'Resources/RemediationRole',
          severity: 'warning',
          message: 'Obsolete DependsOn on resource',
        },
      ],
    },
    changePreview: {
      stackName: name,
      deployment: 'stack',
      accounts: ['111122223333'],
      regions: ['us-east-1'],
      creates: [{ logicalId: 'RemediationRole', type: 'AWS::IAM::Role' }],
      targets: [{ type: 'AwsS3Bucket', id: 'arn:aws:s3:::payments-invoices' }],
      iamActions: [
        {
          action: 's3:PutBucketPolicy',
          resources: ['arn:aws:s3:::payments-invoices'],
        },
      ],
      documentName: 'AWSConfigRemediation-RestrictBucketSSLRequestsOnly',
    },
    caveats: ['Clients that use plain HTTP lose access to the bucket.'],
    ...overrides,
  };
}

/** Stages up to (not including) `current` succeeded, `current` in the given state. */
export function stagesAt(
  current: (typeof REMEDIATION_STAGES)[number] | 'done',
  currentStatus: RemediationStage['status'] = 'in_progress',
): RemediationStage[] {
  const index =
    current === 'done'
      ? REMEDIATION_STAGES.length
      : REMEDIATION_STAGES.indexOf(current);
  return REMEDIATION_STAGES.map((name, i) => {
    if (i < index) {
      return {
        name,
        status: 'succeeded',
        mode: 'local',
        summary: `${name} done`,
      };
    }
    if (i === index) return { name, status: currentStatus, mode: 'local' };
    return { name, status: 'pending' };
  });
}

/** A remediation record as the backend answers it right after staging. */
export function stagedDetail(
  preview: RemediationPreview,
  overrides: Partial<RemediationDetail> = {},
): RemediationDetail {
  const now = '2026-12-02T10:00:00.000Z';
  return {
    id: randomUUID(),
    findingId: preview.findingId,
    controlId: preview.controlId,
    controlTitle: preview.controlTitle,
    awsAccountId: preview.awsAccountId,
    region: preview.region,
    resourceId: preview.resourceId,
    automationKind: preview.automationKind,
    templateName: preview.name!,
    templateHash: preview.templateHash!,
    status: 'staged',
    submittedBy: 'user:default/alice',
    createdAt: now,
    updatedAt: now,
    repository: {
      mode: 'local',
      name: 'securityhub-remediations',
      branch: 'main',
      commitId: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      files: [
        `deploy/${preview.name}.yaml`,
        `deploy/parameters/${preview.name}-params.json`,
      ],
    },
    stages: stagesAt('validate', 'pending'),
    events: [],
    templateYaml: preview.templateYaml!,
    parametersJson: preview.parametersJson!,
    changePreview: preview.changePreview,
    validation: preview.validation,
    ...overrides,
  };
}

function isAnswer(value: object): value is Answer {
  return 'body' in value && typeof (value as Answer).status === 'number';
}

function notFound(message: string): Answer {
  return { status: 404, body: { error: { name: 'NotFoundError', message } } };
}

/**
 * A real HTTP server implementing the remediation routes the actions call,
 * with state the test sets: previews by finding, records by id (or a
 * sequence of answers per id for polling), and every request recorded.
 */
export class RemediationsBackend extends PluginBackend {
  readonly previews = new Map<string, RemediationPreview | Answer>();
  /** Successive answers of `GET /v1/remediations/:id`; the last one repeats. */
  readonly records = new Map<string, Array<RemediationDetail | Answer>>();
  /** Answer of `POST /v1/remediations` that replaces the normal behaviour. */
  createAnswer?: Answer;
  private readonly byIdempotencyKey = new Map<string, RemediationDetail>();

  /** Forgets every request, preview, record and idempotency key. */
  reset(): void {
    this.requests.length = 0;
    this.previews.clear();
    this.records.clear();
    this.byIdempotencyKey.clear();
    this.createAnswer = undefined;
  }

  /** Requests other than reads of a record, for "made no POST" checks. */
  posts(): RecordedRequest[] {
    return this.requests.filter(r => r.method === 'POST');
  }

  protected answer(req: RecordedRequest): Answer {
    const path = req.path.replace(BASE_PATH, '');
    if (req.method === 'POST' && path === '/v1/remediations/preview') {
      const { findingId } = req.body as { findingId: string };
      const preview = this.previews.get(findingId);
      if (!preview) return notFound(`No finding ${findingId}`);
      return isAnswer(preview) ? preview : { status: 200, body: preview };
    }
    if (req.method === 'POST' && path === '/v1/remediations') {
      return this.create(req.body as Record<string, string>);
    }
    const match = path.match(/^\/v1\/remediations\/([^/?]+)$/);
    if (req.method === 'GET' && match) {
      const answers = this.records.get(decodeURIComponent(match[1]));
      if (!answers?.length) return notFound('No remediation');
      const next = answers.length > 1 ? answers.shift()! : answers[0];
      return isAnswer(next) ? next : { status: 200, body: next };
    }
    return notFound(`No route ${req.method} ${path}`);
  }

  private create(body: Record<string, string>): Answer {
    if (this.createAnswer) return this.createAnswer;
    const known = body.idempotencyKey
      ? this.byIdempotencyKey.get(body.idempotencyKey)
      : undefined;
    if (known) return { status: 201, body: known };
    const preview = this.previews.get(body.findingId) as
      | RemediationPreview
      | undefined;
    if (!preview) return notFound(`No finding ${body.findingId}`);
    if (preview.templateHash !== body.templateHash) {
      return {
        status: 409,
        body: {
          error: {
            name: 'ConflictError',
            message: `The remediation of ${preview.controlId} renders differently now (template ${preview.templateHash}); review it again`,
          },
        },
      };
    }
    const detail = stagedDetail(preview);
    this.records.set(detail.id, [detail]);
    if (body.idempotencyKey)
      this.byIdempotencyKey.set(body.idempotencyKey, detail);
    return { status: 201, body: detail };
  }
}

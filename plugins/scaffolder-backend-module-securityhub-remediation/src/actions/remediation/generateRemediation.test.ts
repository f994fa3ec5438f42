import {
  actionContext,
  exampleInputs,
  expectedAuthorization,
  outputsOf,
  scaffolderAuth,
} from '../../__testUtils__/actionContext';
import {
  RemediationsBackend,
  s3Preview,
} from '../../__testUtils__/remediationsBackend';
import { createGenerateRemediationAction } from './generateRemediation';
import { examples } from './generateRemediation.examples';

const FINDING_ID =
  'arn:aws:securityhub:us-east-1:111122223333:security-control/S3.5/finding/7f3c1e2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b';

describe('securityhub:remediation:generate', () => {
  const backend = new RemediationsBackend();
  const action = createGenerateRemediationAction({
    discovery: backend.discovery as any,
    auth: scaffolderAuth(),
  });

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(() => backend.reset());

  it('previews the remediation as the initiating user and outputs it all', async () => {
    const preview = s3Preview(FINDING_ID);
    backend.previews.set(FINDING_ID, preview);
    const ctx = actionContext({ findingId: ` ${FINDING_ID}\n` });

    await action.handler(ctx);

    expect(backend.requests).toEqual([
      {
        method: 'POST',
        path: '/api/securityhub-remediation/v1/remediations/preview',
        authorization: expectedAuthorization,
        body: { findingId: FINDING_ID },
      },
    ]);
    expect(outputsOf(ctx)).toEqual({
      findingId: FINDING_ID,
      controlId: 'S3.5',
      controlTitle: preview.controlTitle,
      awsAccountId: '111122223333',
      region: 'us-east-1',
      resourceId: 'arn:aws:s3:::payments-invoices',
      automationKind: 'aws-runbook',
      name: 'SecurityHub-S3-5-payments-invoices',
      templateYaml: preview.templateYaml,
      parametersJson: preview.parametersJson,
      templateHash: preview.templateHash,
      valid: true,
      validationProblems: preview.validation!.problems,
      changePreview: preview.changePreview,
      missingParameters: [],
      runbook: 'AWSConfigRemediation-RestrictBucketSSLRequestsOnly',
      caveats: preview.caveats,
      openRemediationId: '',
      blockedReason: '',
    });
    expect(preview.templateHash).toMatch(/^[a-f0-9]{64}$/);
    expect(ctx.logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        `Generated aws-runbook remediation SecurityHub-S3-5-payments-invoices for S3.5`,
      ),
    );
  });

  it('outputs an invalid template with its problems, and warns about what is missing or in flight', async () => {
    backend.previews.set(
      FINDING_ID,
      s3Preview(FINDING_ID, {
        validation: {
          valid: false,
          kind: 'cloudformation',
          problems: [
            {
              rule: 'cfn-lint:E3012',
              path: 'Resources/Bucket/Properties',
              severity: 'error',
              message: 'Property is not valid',
            },
          ],
        },
        missingParameters: [
          { name: 'KmsKeyArn', description: 'The key to encrypt with' },
        ],
        changePreview: undefined,
        openRemediationId: '0f6b1e2c-3d4a-4b5c-8d6e-7f8091a2b3c4',
      }),
    );
    const ctx = actionContext({ findingId: FINDING_ID });

    await action.handler(ctx);

    expect(outputsOf(ctx)).toMatchObject({
      valid: false,
      validationProblems: [expect.objectContaining({ severity: 'error' })],
      missingParameters: [
        { name: 'KmsKeyArn', description: expect.any(String) },
      ],
      changePreview: null,
      openRemediationId: '0f6b1e2c-3d4a-4b5c-8d6e-7f8091a2b3c4',
    });
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      'Parameters the finding did not fill: KmsKeyArn',
    );
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'already has remediation 0f6b1e2c-3d4a-4b5c-8d6e-7f8091a2b3c4 in flight',
      ),
    );
  });

  it('stops the template with the reason when the finding is blocked (PASSED, archived)', async () => {
    backend.previews.set(
      FINDING_ID,
      s3Preview(FINDING_ID, {
        blockedReason: 'The finding is PASSED: there is nothing to remediate',
      }),
    );
    const ctx = actionContext({ findingId: FINDING_ID });

    await expect(action.handler(ctx)).rejects.toThrow(
      `Finding ${FINDING_ID} (S3.5) cannot be remediated: The finding is PASSED: there is nothing to remediate`,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('stops the template for a control that cannot be automated, with its reason', async () => {
    backend.previews.set(
      FINDING_ID,
      s3Preview(FINDING_ID, {
        controlId: 'IAM.6',
        automationKind: 'cannot-automate',
        reason: 'Hardware MFA for the root user needs a person with the device',
        templateYaml: undefined,
        parametersJson: undefined,
        templateHash: undefined,
        name: undefined,
      }),
    );

    await expect(
      action.handler(actionContext({ findingId: FINDING_ID })),
    ).rejects.toThrow(
      'cannot be remediated: Hardware MFA for the root user needs a person with the device',
    );
  });

  it('runs in a dry run, since the preview stores nothing', async () => {
    expect(action.supportsDryRun).toBe(true);
    backend.previews.set(FINDING_ID, s3Preview(FINDING_ID));
    const ctx = actionContext({ findingId: FINDING_ID }, { isDryRun: true });

    await action.handler(ctx);

    expect(outputsOf(ctx).controlId).toBe('S3.5');
  });

  it('explains a 404: missing, or not in the scope of the user', async () => {
    await expect(
      action.handler(actionContext({ findingId: FINDING_ID })),
    ).rejects.toThrow(
      `Finding ${FINDING_ID} was not found, or it is not in your scope`,
    );
  });

  it('fails a dry run with errors named for their status, not a bare 500', async () => {
    // The scaffolder keeps the name; the error handler maps it to 404/403/400.
    const dryRun = (findingId: string) =>
      action.handler(actionContext({ findingId }, { isDryRun: true }));

    await expect(dryRun(FINDING_ID)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    backend.previews.set(FINDING_ID, {
      status: 403,
      body: { error: { name: 'NotAllowedError', message: 'Unauthorized' } },
    } as any);
    await expect(dryRun(FINDING_ID)).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    await expect(dryRun(' ')).rejects.toMatchObject({ name: 'InputError' });
  });

  it('explains a 403', async () => {
    backend.previews.set(FINDING_ID, {
      status: 403,
      body: { error: { name: 'NotAllowedError', message: 'Unauthorized' } },
    } as any);

    await expect(
      action.handler(actionContext({ findingId: FINDING_ID })),
    ).rejects.toThrow(
      'You are not allowed to read this Security Hub finding: Unauthorized',
    );
  });

  it('rejects a blank finding id without calling the backend', async () => {
    await expect(
      action.handler(actionContext({ findingId: '   ' })),
    ).rejects.toThrow(/^Invalid findingId/);
    expect(backend.requests).toEqual([]);
  });

  it.each(examples.map((example, index) => [index, example] as const))(
    'runs example %i through the handler',
    async (_index, example) => {
      const findingIds = exampleInputs(
        example.example,
        'securityhub:remediation:generate',
        'findingId',
      );
      expect(findingIds.length).toBeGreaterThan(0);
      for (const findingId of findingIds) {
        backend.previews.set(findingId, s3Preview(findingId));
        const ctx = actionContext({ findingId });

        await action.handler(ctx);

        expect(backend.requests.at(-1)?.authorization).toBe(
          expectedAuthorization,
        );
        expect(outputsOf(ctx).findingId).toBe(findingId);
      }
    },
  );
});

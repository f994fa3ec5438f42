import {
  asffFindingFixture,
  listControls,
} from '@internal/plugin-securityhub-remediation-common';
import { CURATED_AUTOMATIONS } from '../curated';
import { validateRemediationFile } from '../validation';
import { renderRemediation, UnknownControlError } from './renderRemediation';

const parameters = (json: string) =>
  Object.fromEntries(
    (
      JSON.parse(json) as Array<{
        ParameterKey: string;
        ParameterValue: string;
      }>
    ).map(p => [p.ParameterKey, p.ParameterValue]),
  );

describe('renderRemediation', () => {
  it('runs the AWS-owned runbook for S3.5, filled from the finding', () => {
    const finding = asffFindingFixture({
      controlId: 'S3.5',
      resourceType: 'AwsS3Bucket',
      resourceId: 'arn:aws:s3:::payments-prod-ledger',
    });
    const answer = renderRemediation({ controlId: 'S3.5', finding });
    if (answer.kind !== 'aws-runbook') throw new Error(answer.kind);
    expect(answer.name).toBe('SecHubRemediation-S3-5');
    expect(answer.runbook).toBe(
      'AWSConfigRemediation-RestrictBucketSSLRequestsOnly',
    );
    expect(answer.missingParameters).toEqual([]);
    expect(parameters(answer.parametersJson)).toEqual({
      BucketName: 'payments-prod-ledger',
      ResourceArn: 'arn:aws:s3:::payments-prod-ledger',
    });
    // The role acts on that bucket only, and may start only that runbook.
    expect(answer.templateYaml).toContain('Fn::Sub: ${ResourceArn}');
    expect(answer.templateYaml).toContain(
      'automation-definition/AWSConfigRemediation-RestrictBucketSSLRequestsOnly:*',
    );
    expect(
      validateRemediationFile(answer.templateYaml, 'S3-5.yaml').problems,
    ).toEqual([]);
  });

  it('renders a curated automation where no AWS runbook exists', () => {
    const finding = asffFindingFixture({
      controlId: 'DynamoDB.6',
      resourceType: 'AwsDynamoDbTable',
      resourceId: 'arn:aws:dynamodb:us-east-1:111122223333:table/orders',
    });
    const answer = renderRemediation({ controlId: 'DynamoDB.6', finding });
    if (answer.kind !== 'curated') throw new Error(answer.kind);
    expect(answer.name).toBe('SecHubRemediation-DynamoDB-6');
    expect(parameters(answer.parametersJson)).toEqual({ TableName: 'orders' });
    const steps = (answer.template as any).Resources.RemediationDocument
      .Properties.Content['Fn::Sub'];
    expect(steps).toContain('"Api": "UpdateTable"');
    expect(steps).toContain('VerifyDeletionProtection');
    expect(validateRemediationFile(answer.templateYaml, 'x.yaml').valid).toBe(
      true,
    );
  });

  it('lists what a control id alone cannot fill, and writes those values empty', () => {
    const answer = renderRemediation({ controlId: 'S3.5' });
    if (answer.kind !== 'aws-runbook') throw new Error(answer.kind);
    expect(answer.missingParameters.map(m => m.name)).toEqual([
      'BucketName',
      'ResourceArn',
    ]);
    expect(parameters(answer.parametersJson)).toEqual({
      BucketName: '',
      ResourceArn: '',
    });
    // An empty value fails the deploy instead of running on a guessed resource.
    expect(answer.templateYaml).toMatch(
      /BucketName:\n\s+Type: String\n[\s\S]*?MinLength: 1/,
    );
  });

  it('answers honestly when a control cannot be automated', () => {
    const answer = renderRemediation({ controlId: 'dms.1' });
    expect(answer).toMatchObject({
      kind: 'cannot-automate',
      controlId: 'DMS.1',
      reason: expect.stringMatching(/PubliclyAccessible/),
    });
    if (answer.kind !== 'cannot-automate') throw new Error(answer.kind);
    expect(answer.manualSteps.length).toBeGreaterThan(1);
  });

  it('says when there is no automation yet', () => {
    expect(renderRemediation({ controlId: 'ACM.1' })).toMatchObject({
      kind: 'not-automated',
      controlId: 'ACM.1',
    });
  });

  it('rejects a control id it does not know', () => {
    expect(() => renderRemediation({ controlId: 'S3.999' })).toThrow(
      UnknownControlError,
    );
  });

  it('renders a template that passes validation for every automated control', () => {
    const failures: string[] = [];
    let automated = 0;
    for (const control of listControls()) {
      const answer = renderRemediation({ controlId: control.id });
      if (answer.kind !== 'aws-runbook' && answer.kind !== 'curated') continue;
      automated++;
      const report = validateRemediationFile(
        answer.templateYaml,
        `${answer.name}.yaml`,
      );
      for (const p of report.problems.filter(x => x.severity === 'error')) {
        failures.push(`${control.id}: ${p.rule}: ${p.message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(automated).toBeGreaterThan(100);
  });

  it("prefer: 'curated' reaches every curated automation, each rendering a valid template", () => {
    const failures: string[] = [];
    let behindRunbook = 0;
    for (const curated of CURATED_AUTOMATIONS) {
      const byDefault = renderRemediation({ controlId: curated.controlId });
      if (byDefault.kind === 'aws-runbook') behindRunbook++;
      const answer = renderRemediation({
        controlId: curated.controlId,
        prefer: 'curated',
      });
      if (answer.kind !== 'curated') {
        failures.push(`${curated.controlId}: rendered ${answer.kind}`);
        continue;
      }
      const report = validateRemediationFile(
        answer.templateYaml,
        `${answer.name}.yaml`,
      );
      for (const p of report.problems.filter(x => x.severity === 'error'))
        failures.push(`${curated.controlId}: ${p.rule}: ${p.message}`);
    }
    expect(failures).toEqual([]);
    // The automations an AWS runbook shadows by default are reached too.
    expect(behindRunbook).toBeGreaterThan(20);
  });

  it("prefer: 'curated' changes nothing where there is no curated automation", () => {
    const runbookOnly = listControls().find(
      c =>
        renderRemediation({ controlId: c.id }).kind === 'aws-runbook' &&
        !CURATED_AUTOMATIONS.some(a => a.controlId === c.id),
    )!;
    expect(
      renderRemediation({ controlId: runbookOnly.id, prefer: 'curated' }).kind,
    ).toBe('aws-runbook');
  });
});

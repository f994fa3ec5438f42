import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { validateRemediationFile } from './validateTemplate';

const fixtures = join(__dirname, '__fixtures__');
const read = (kind: string, file: string) =>
  readFileSync(join(fixtures, kind, file), 'utf8');

/** Each broken file → the rule it must break and a fragment of the message. */
const BROKEN: Array<[string, string, string]> = [
  [
    'unknown-resource-type.yaml',
    'cfn-unknown-resource-type',
    'type "AWS::S3::Buckett" is not a CloudFormation resource type. Did you mean "AWS::S3::Bucket"?',
  ],
  [
    'unknown-property.yaml',
    'cfn-unknown-property',
    'Resource "AutomationRole" (AWS::IAM::Role) has no property "RoleNmae". Did you mean "RoleName"?',
  ],
  [
    'missing-required-property.yaml',
    'cfn-missing-required-property',
    'is missing the required property "AssumeRolePolicyDocument"',
  ],
  [
    'unknown-automation-action.yaml',
    'automation-unknown-action',
    'action "aws:executeAwsApis" is not an Automation action. Did you mean "aws:executeAwsApi"?',
  ],
  [
    'unknown-api.yaml',
    'automation-unknown-api',
    'Api "PutBucketEncryptionn" is not an operation of service "s3" (looked in s3 2006-03-01). Did you mean "PutBucketEncryption"?',
  ],
  [
    'unknown-service.yaml',
    'automation-unknown-service',
    'Service "elasticloadbalancingv2" is not an AWS service of the API index',
  ],
  [
    'unknown-api-input.yaml',
    'automation-unknown-api-input',
    'input "BucketName" is not a parameter of s3 PutBucketEncryption',
  ],
  [
    'dangling-automation-reference.yaml',
    'automation-unresolved-reference',
    '{{ TargetBucket }} does not resolve: no parameter named "TargetBucket"',
  ],
  [
    'dangling-ref.yaml',
    'cfn-unresolved-ref',
    'Ref "RemediationDocumnet" names no parameter, resource or pseudo parameter of the template. Did you mean "RemediationDocument"?',
  ],
  [
    'getatt-missing-attribute.yaml',
    'cfn-unknown-attribute',
    'Resource "AutomationRole" (AWS::IAM::Role) has no attribute "RoleArn" (it has: Arn, RoleId)',
  ],
  [
    'duplicate-step-name.yaml',
    'automation-duplicate-step',
    'Step name "PutBucketEncryption" is used more than once',
  ],
  [
    'next-step-missing.yaml',
    'automation-missing-next-step',
    'Step "PutBucketEncryption": nextStep "VerifyEncryption" is not a step of this list',
  ],
  [
    'wildcard-action.yaml',
    'iam-wildcard-action',
    'statement "EncryptBucket" of policy "Remediate" grants "s3:*"; replace the wildcard',
  ],
  [
    'over-broad-role.yaml',
    'iam-unneeded-action',
    'grants "s3:DeleteBucket", which no step of SSM document "RemediationDocument" needs; remove it (over-broad role)',
  ],
  [
    'wildcard-resource-scopable-action.yaml',
    'iam-wildcard-resource',
    'grants "s3:PutEncryptionConfiguration" on Resource "*", but s3:PutEncryptionConfiguration supports resource-level permissions',
  ],
  [
    'missing-granted-action.yaml',
    'iam-missing-action',
    'Role "AutomationRole" does not grant "s3:GetEncryptionConfiguration", which step "VerifyBucketEncryption"',
  ],
  [
    'ssm-document-without-format.yaml',
    'cfn-ssm-document-format',
    'SSM document "RemediationDocument": Content is YAML text but DocumentFormat defaults to JSON; add DocumentFormat: YAML',
  ],
  [
    'wrong-trust-principal.yaml',
    'iam-trust-principal',
    'allows {"Service":"lambda.amazonaws.com"} to assume it; an automation role must trust only',
  ],
  [
    'no-steps-kind.yaml',
    'parse',
    'Neither a CloudFormation template (no Resources) nor an SSM Automation document',
  ],
];

describe('broken corpus', () => {
  it('has a table entry for every broken file', () => {
    expect(readdirSync(join(fixtures, 'broken')).sort()).toEqual(
      BROKEN.map(([file]) => file).sort(),
    );
  });

  it.each(BROKEN)('%s breaks %s', (file, rule, fragment) => {
    const report = validateRemediationFile(read('broken', file), file);
    expect(report.valid).toBe(false);
    const messages = report.problems
      .filter(p => p.rule === rule && p.severity === 'error')
      .map(p => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringContaining(fragment)]),
    );
  });
});

describe('valid corpus', () => {
  const files = readdirSync(join(fixtures, 'valid')).sort();

  it('holds at least 8 files', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s is accepted with zero errors', file => {
    const report = validateRemediationFile(read('valid', file), file);
    expect(report.problems.filter(p => p.severity === 'error')).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.kind).toBe(
      file.includes('template') ? 'template' : 'automation-document',
    );
  });

  it('derives a script step’s permissions from its boto3 calls: the role is proven, nothing to warn', () => {
    const report = validateRemediationFile(
      read('valid', 'script-step-template.yaml'),
      'script-step-template.yaml',
    );
    expect(report.problems).toEqual([]);
  });
});

describe('parse errors', () => {
  it('names line and column', () => {
    const report = validateRemediationFile(
      'Resources:\n  A: [1,\n  b: 2\n',
      'bad.yaml',
    );
    expect(report).toMatchObject({ kind: 'unknown', valid: false });
    expect(report.problems[0].message).toMatch(
      /bad\.yaml: .* at line 3, column \d+/,
    );
  });
});

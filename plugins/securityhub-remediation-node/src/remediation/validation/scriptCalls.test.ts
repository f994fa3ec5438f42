import { readFileSync } from 'fs';
import { join } from 'path';
import { botoMethodName, pythonScriptCalls } from './scriptCalls';
import { validateRemediationFile } from './validateTemplate';

const calls = (source: string) =>
  pythonScriptCalls(source).calls.map(c =>
    c.resolved
      ? `${c.resolved.serviceName}.${c.resolved.operation}@${c.line}`
      : `${c.service}.${c.method}:${c.problem}`,
  );

describe('pythonScriptCalls', () => {
  it('reads bound clients, rebinding, chained calls and paginators', () => {
    const source = [
      'import boto3',
      'def handler(events, context):',
      "    client = boto3.client('s3')",
      "    client.put_bucket_versioning(Bucket=events['B'], VersioningConfiguration={})",
      "    client = boto3.client('ec2', region_name='us-east-1')",
      "    for page in client.get_paginator('describe_instances').paginate():",
      '        pass',
      "    boto3.client('iam').get_account_password_policy()",
      "    waiter = client.get_waiter('instance_running')",
    ].join('\n');
    expect(calls(source)).toEqual([
      's3.PutBucketVersioning@4',
      'ec2.DescribeInstances@6',
      'iam.GetAccountPasswordPolicy@8',
    ]);
    expect(pythonScriptCalls(source).complete).toBe(true);
  });

  it('names calls that do not exist', () => {
    const source =
      "import boto3\nrds = boto3.client('rds')\nrds.modify_db_instanc(DBInstanceIdentifier='x')\nboto3.client('rdss').describe_db_instances()\n";
    expect(calls(source)).toEqual([
      'rds.modify_db_instanc:unknown-operation',
      'rdss.describe_db_instances:unknown-service',
    ]);
  });

  it('does not guess which client a name holds where it may hold another', () => {
    const source = [
      'import boto3',
      "client = boto3.client('s3')",
      'def helper(client, instance_id):',
      '    client.describe_instances(InstanceIds=[instance_id])',
      "ec2 = boto3.client('ec2')",
      'ec2 = make_client()',
      'ec2.describe_widgets()',
    ].join('\n');
    expect(calls(source)).toEqual([]);
    expect(pythonScriptCalls(source).complete).toBe(false);
  });

  it('says when it cannot have seen every call', () => {
    for (const source of [
      "import boto3\nc = boto3.client(events['Service'])\nc.do()",
      "import boto3\ns3 = boto3.resource('s3')",
      "import boto3\ndef tag(client, arn):\n    client.tag_resource(ResourceArn=arn)\nc = boto3.client('sns')\ntag(c, 'x')",
      "import boto3\nsession = boto3.session.Session()\nc = session.client('s3')",
    ])
      expect(pythonScriptCalls(source).complete).toBe(false);
  });

  it("writes an operation as boto3's method name", () => {
    expect(botoMethodName('DescribeDBInstances')).toBe('describe_db_instances');
    expect(botoMethodName('PutBucketEncryption')).toBe('put_bucket_encryption');
  });
});

describe('validation of a script step', () => {
  const template = readFileSync(
    join(__dirname, '__fixtures__', 'valid', 'script-step-template.yaml'),
    'utf8',
  );
  const validate = (text: string) =>
    validateRemediationFile(text, 'script-step-template.yaml');

  it('rejects a boto3 call that does not exist, naming the step, the line and the right name', () => {
    const report = validate(
      template.replace(
        'iam.update_account_password_policy(',
        'iam.update_account_password_polcy(',
      ),
    );
    expect(report.valid).toBe(false);
    expect(report.problems).toContainEqual({
      rule: 'automation-script-unknown-api',
      severity: 'error',
      path: 'Resources.RemediationDocument.Properties.Content.mainSteps[0].inputs.Script',
      message:
        'Step "SetPasswordPolicy": the script\'s iam.update_account_password_polcy(…) on line 4 is not an operation of the iam client. Did you mean "update_account_password_policy"?',
    });
  });

  it('requires the role to grant what the script calls', () => {
    const report = validate(
      template.replace(
        '                  - iam:UpdateAccountPasswordPolicy\n',
        '',
      ),
    );
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        rule: 'iam-missing-action',
        severity: 'error',
        message: expect.stringContaining(
          'does not grant "iam:UpdateAccountPasswordPolicy", which step "SetPasswordPolicy"',
        ),
      }),
    );
  });

  it('only warns, declared not proven, when the script makes a client it cannot read', () => {
    const report = validate(
      template.replace(
        "iam = boto3.client('iam')",
        "iam = boto3.client(event['Service'])",
      ),
    );
    expect(report.valid).toBe(true);
    expect(report.problems).toEqual([
      expect.objectContaining({
        rule: 'iam-script-permissions',
        severity: 'warning',
        message: expect.stringContaining(
          'grants "iam:UpdateAccountPasswordPolicy" for them — declared, not proven',
        ),
      }),
    ]);
  });
});

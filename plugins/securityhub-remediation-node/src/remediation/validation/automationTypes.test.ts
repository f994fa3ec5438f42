import { validateRemediationFile } from './validateTemplate';

/** A one-step document with the given parameter and output declarations. */
const document = (parameter: string, output: string) => `
schemaVersion: '0.3'
description: Reads one bucket's encryption.
parameters:
  Target:
${parameter}
mainSteps:
  - name: read
    action: aws:executeAwsApi
    inputs:
      Service: s3
      Api: GetBucketEncryption
      Bucket: '{{ Target }}'
    outputs:
      - Name: Algorithm
        Selector: $.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm
${output}
    isEnd: true
`;

const errors = (text: string) =>
  validateRemediationFile(text, 'doc.yaml')
    .problems.filter(p => p.severity === 'error')
    .map(p => `${p.rule}: ${p.message}`);

describe('Automation parameter and output types', () => {
  it.each([
    ['AWS::S3::Bucket::Name', "'my-bucket'"],
    ['AWS::IAM::Role::Arn', "''"],
    ['AWS::EC2::Instance::Id', "'i-0123456789abcdef0'"],
    ['List<AWS::EC2::Instance::Id>', '[]'],
    ['List<AWS::S3::Bucket::Name>', '[a-bucket]'],
    ['List<AWS::IAM::Role::Arn>', '[]'],
  ])('accepts the documented AWS resource type %s', (type, value) => {
    expect(
      errors(
        document(
          `    type: '${type}'\n    default: ${value}`,
          '        Type: String',
        ),
      ),
    ).toEqual([]);
  });

  it('rejects a resource type Automation does not document, and a default of the wrong shape', () => {
    expect(errors(document("    type: 'AWS::EC2::Subnet::Id'", ''))).toEqual([
      expect.stringMatching(
        /^automation-parameter-type: .*AWS::EC2::Subnet::Id/,
      ),
    ]);
    expect(
      errors(
        document(
          "    type: 'List<AWS::EC2::Instance::Id>'\n    default: i-1",
          '',
        ),
      ),
    ).toEqual([expect.stringMatching(/^automation-parameter-default: /)]);
  });

  it('accepts an output without Type and rejects one with a Type that is not a data type', () => {
    expect(errors(document('    type: String', ''))).toEqual([]);
    expect(
      errors(
        document('    type: String', "        Type: 'AWS::S3::Bucket::Name'"),
      ),
    ).toEqual([expect.stringMatching(/^automation-outputs: .*has Type/)]);
  });
});

/** A document of one step with the given action and inputs (YAML, indented). */
const oneStep = (action: string, inputs: string) => `
schemaVersion: '0.3'
description: One step.
mainSteps:
  - name: only
    action: ${action}
    inputs:
${inputs}
    isEnd: true
`;

describe('Automation action inputs', () => {
  it('takes EnhancedApprovals (Change Manager templates) in place of Approvers, and wants one of them', () => {
    expect(
      errors(
        oneStep(
          'aws:approve',
          '      EnhancedApprovals:\n        Approvers:\n          - approver: ops\n            type: IamGroup\n            minRequiredApprovals: 1',
        ),
      ),
    ).toEqual([]);
    expect(errors(oneStep('aws:approve', '      Message: go?'))).toEqual([
      expect.stringMatching(
        /needs one of the inputs Approvers or EnhancedApprovals/,
      ),
    ]);
  });

  it('wants a Handler for a Python script and none for PowerShell', () => {
    expect(
      errors(
        oneStep(
          'aws:executeScript',
          "      Runtime: PowerShell 7.4\n      Script: Write-Output 'done'",
        ),
      ),
    ).toEqual([]);
    expect(
      errors(
        oneStep(
          'aws:executeScript',
          '      Runtime: python3.11\n      Script: |\n        def handler(events, context):\n          return {}',
        ),
      ),
    ).toEqual([expect.stringMatching(/missing the required input "Handler"/)]);
  });

  it('lets a step inside aws:loop go on to a step outside it, and no further', () => {
    const loop = (target: string) => `
schemaVersion: '0.3'
description: A loop whose body can leave it.
mainSteps:
  - name: poll
    action: aws:loop
    inputs:
      Iterators: [1, 2, 3]
      Steps:
        - name: wait
          action: aws:sleep
          inputs:
            Duration: PT1S
          nextStep: ${target}
  - name: done
    action: aws:sleep
    inputs:
      Duration: PT1S
    isEnd: true
`;
    expect(errors(loop('done'))).toEqual([]);
    expect(errors(loop('nowhere'))).toEqual([
      expect.stringMatching(
        /nextStep "nowhere" is not a step of this list or of one that encloses it/,
      ),
    ]);
  });

  it('reads no reference in the empty braces of an embedded template body', () => {
    expect(
      errors(
        oneStep(
          'aws:createStack',
          '      StackName: checks\n      TemplateBody: \'Resources: {Topic: {Type: AWS::SNS::Topic, Metadata: {Note: "{{{}}}"}}}\'',
        ),
      ),
    ).toEqual([]);
    expect(
      errors(
        oneStep(
          'aws:createStack',
          '      StackName: "{{ Missing }}"\n      TemplateBody: x',
        ),
      ),
    ).toEqual([expect.stringMatching(/\{\{ Missing \}\} does not resolve/)]);
  });
});

import { changePreviewOf, readableValue } from './changePreview';
import { renderRemediation } from '../remediation/templates/renderRemediation';

describe('changePreviewOf', () => {
  it('lists what the S3.5 template creates and the actions its role gets', () => {
    const answer = renderRemediation({ controlId: 'S3.5' });
    if (answer.kind !== 'aws-runbook') throw new Error(answer.kind);
    const preview = changePreviewOf({
      name: 'SecHubRemediation-S3-5-abcdef12',
      templateYaml: answer.templateYaml,
      accounts: ['123456789012'],
      regions: ['us-east-1'],
      deployment: 'stack',
      targets: [{ type: 'AwsS3Bucket', id: 'arn:aws:s3:::bucket' }],
      runbook: answer.runbook,
    });
    expect(preview.stackName).toBe('SecHubRemediation-S3-5-abcdef12');
    expect(preview.creates).toEqual([
      { logicalId: 'AutomationAssumeRole', type: 'AWS::IAM::Role' },
      { logicalId: 'PassRoleToAutomation', type: 'AWS::IAM::Policy' },
      { logicalId: 'RemediationDocument', type: 'AWS::SSM::Document' },
    ]);
    expect(preview.iamActions).toEqual(
      expect.arrayContaining([
        { action: 's3:PutBucketPolicy', resources: ['${ResourceArn}'] },
        {
          action: 'iam:PassRole',
          resources: ['${AutomationAssumeRole.Arn}'],
        },
      ]),
    );
    // The trust policy is not something the role may do.
    expect(preview.iamActions.map(a => a.action)).not.toContain(
      'sts:AssumeRole',
    );
    // The template's wrapper document runs the AWS runbook with the template's role.
    expect(preview.documentName).toBe('SecHubRemediation-S3-5');
  });

  it('names the template document when no runbook is given, and merges resources per action', () => {
    const preview = changePreviewOf({
      name: 'Stack',
      template: {
        Resources: {
          Doc: {
            Type: 'AWS::SSM::Document',
            Properties: { Name: { 'Fn::Sub': '${AWS::StackName}-doc' } },
          },
          Policy: {
            Type: 'AWS::IAM::ManagedPolicy',
            Properties: {
              PolicyDocument: {
                Statement: [
                  { Effect: 'Allow', Action: 'ec2:A', Resource: '*' },
                  { Effect: 'Deny', Action: 'ec2:B', Resource: '*' },
                  {
                    Effect: 'Allow',
                    Action: ['ec2:A'],
                    Resource: {
                      'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }]],
                    },
                  },
                ],
              },
            },
          },
        },
      },
      accounts: [],
      regions: [],
      deployment: 'stack-set',
      targets: [],
    });
    expect(preview.documentName).toBe('${AWS::StackName}-doc');
    expect(preview.iamActions).toEqual([
      { action: 'ec2:A', resources: ['*', 'arn:${AWS::Partition}'] },
    ]);
  });

  it('renders intrinsics as readable text', () => {
    expect(
      readableValue({ 'Fn::Sub': ['a-${X}-${Y}', { X: { Ref: 'Z' } }] }),
    ).toBe('a-${Z}-${Y}');
    expect(readableValue({ 'Fn::GetAtt': ['Role', 'Arn'] })).toBe(
      '${Role.Arn}',
    );
  });
});

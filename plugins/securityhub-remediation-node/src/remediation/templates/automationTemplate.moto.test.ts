import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { GetDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  findMotoServer,
  startMotoServer,
  type MotoServer,
} from '../../findings/securityhub/__testUtils__/motoServer';
import { automationTemplate, templateYaml } from './automationTemplate';
import { remediationStackName } from './stackName';

/**
 * The rendered template deploys for real: CloudFormation in moto_server
 * creates the role and the Automation document, and SSM returns the document.
 */
jest.setTimeout(90_000);

const motoPath = findMotoServer();
const describeWithMoto =
  motoPath || process.env.REQUIRE_MOTO === '1' ? describe : describe.skip;

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
});

describeWithMoto('automation template on CloudFormation (moto_server)', () => {
  let moto: MotoServer | undefined;

  beforeAll(async () => {
    if (!motoPath) throw new Error('REQUIRE_MOTO=1 but moto_server is missing');
    moto = await startMotoServer({ executable: motoPath });
  });
  afterAll(() => moto?.stop());

  it('creates the stack and a readable Automation document', async () => {
    const name = remediationStackName('S3.8');
    const template = automationTemplate({
      name,
      controlId: 'S3.8',
      description: 'Blocks public access on the bucket.',
      parameters: {
        BucketName: {
          type: 'String',
          description: 'Bucket to fix',
          allowedPattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
        },
      },
      steps: [
        {
          name: 'BlockPublicAccess',
          action: 'aws:executeAwsApi',
          inputs: {
            Service: 's3',
            Api: 'PutPublicAccessBlock',
            Bucket: '{{ BucketName }}',
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              IgnorePublicAcls: true,
              BlockPublicPolicy: true,
              RestrictPublicBuckets: true,
            },
          },
        },
      ],
      statements: [
        {
          actions: ['s3:PutBucketPublicAccessBlock'],
          resources: ['arn:${AWS::Partition}:s3:::${BucketName}'],
        },
      ],
    });
    const cloudFormation = new CloudFormationClient(
      clientConfig(moto!.endpoint),
    );
    await cloudFormation.send(
      new CreateStackCommand({
        StackName: name,
        TemplateBody: templateYaml(template),
        Parameters: [
          { ParameterKey: 'BucketName', ParameterValue: 'payments-prod-data' },
        ],
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    await waitUntilStackCreateComplete(
      { client: cloudFormation, maxWaitTime: 60, minDelay: 1, maxDelay: 2 },
      { StackName: name },
    );
    const { Stacks } = await cloudFormation.send(
      new DescribeStacksCommand({ StackName: name }),
    );
    expect(Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');

    const ssm = new SSMClient(clientConfig(moto!.endpoint));
    const document = await ssm.send(new GetDocumentCommand({ Name: name }));
    expect(document.DocumentType).toBe('Automation');
    const content = JSON.parse(document.Content!);
    expect(content.schemaVersion).toBe('0.3');
    expect(content.mainSteps[0].inputs.Api).toBe('PutPublicAccessBlock');
    // Intrinsics in the content were resolved by CloudFormation.
    expect(content.parameters.BucketName.default).toBe('payments-prod-data');
    expect(content.parameters.AutomationAssumeRole.default).toMatch(
      /^arn:aws:iam::\d{12}:role\//,
    );
  });
});

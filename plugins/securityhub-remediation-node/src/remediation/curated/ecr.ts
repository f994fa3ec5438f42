import {
  apiCall,
  ARN,
  assertProperty,
  param,
  PATTERNS,
  permission,
  TRUE,
} from './helpers';
import type { CuratedAutomation } from './types';

const REPOSITORY = {
  RepositoryName: param(
    'Name of the ECR private repository',
    { from: 'resourceDetail', path: 'AwsEcrRepository.RepositoryName' },
    PATTERNS.ecrRepository,
  ),
};
const REPOSITORY_ARN = ARN.regional('ecr', 'repository/${RepositoryName}');

export const ECR_AUTOMATIONS: CuratedAutomation[] = [
  {
    controlId: 'ECR.1',
    description: 'Turns on scan on push for the ECR private repository.',
    resourceType: 'AwsEcrRepository',
    parameters: REPOSITORY,
    steps: [
      apiCall('EnableScanOnPush', 'ecr', 'PutImageScanningConfiguration', {
        repositoryName: '{{ RepositoryName }}',
        imageScanningConfiguration: { scanOnPush: true },
      }),
      assertProperty(
        'VerifyScanOnPush',
        'ecr',
        'DescribeRepositories',
        { repositoryNames: ['{{ RepositoryName }}'] },
        '$.repositories[0].imageScanningConfiguration.scanOnPush',
        TRUE,
      ),
    ],
    permissions: [
      permission(
        ['ecr:PutImageScanningConfiguration', 'ecr:DescribeRepositories'],
        [REPOSITORY_ARN],
        'Turn on and read back scanning of this one repository.',
      ),
    ],
    caveats: [
      'Images pushed from now on are scanned (basic scanning); if the registry uses enhanced scanning, the registry-level rules decide instead.',
    ],
  },
  {
    controlId: 'ECR.2',
    description:
      'Makes the image tags of the ECR private repository immutable.',
    resourceType: 'AwsEcrRepository',
    parameters: REPOSITORY,
    steps: [
      apiCall('MakeTagsImmutable', 'ecr', 'PutImageTagMutability', {
        repositoryName: '{{ RepositoryName }}',
        imageTagMutability: 'IMMUTABLE',
      }),
      assertProperty(
        'VerifyTagsImmutable',
        'ecr',
        'DescribeRepositories',
        { repositoryNames: ['{{ RepositoryName }}'] },
        '$.repositories[0].imageTagMutability',
        ['IMMUTABLE'],
      ),
    ],
    permissions: [
      permission(
        ['ecr:PutImageTagMutability', 'ecr:DescribeRepositories'],
        [REPOSITORY_ARN],
        'Change and read back tag mutability of this one repository.',
      ),
    ],
    caveats: [
      'Pushing an image with a tag that already exists (for example "latest" or a reused version tag) fails from now on; pipelines that move tags must push unique tags.',
    ],
  },
];

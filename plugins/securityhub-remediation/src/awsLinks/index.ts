export {
  RESOURCE_CONSOLE_URLS,
  controlDocumentationUrl,
  partitionOf,
  resourceConsoleUrl,
  resourceName,
  securityHubFindingUrl,
  type AwsPartition,
} from './awsLinks';

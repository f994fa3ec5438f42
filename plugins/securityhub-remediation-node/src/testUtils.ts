/**
 * Test and benchmark helpers. Not exported from the package index: import
 * this file by relative path from tests and benchmarks only.
 */
// This file exists to re-export __testUtils__ to the backend's benchmark;
// the package index never imports it, so nothing here reaches production.
/* eslint-disable no-restricted-imports */
export { startThrottlingSecurityHubServer } from './findings/securityhub/__testUtils__/throttlingSecurityHubServer';
export type {
  ThrottlingSecurityHubServer,
  ThrottlingSecurityHubServerOptions,
  ThrottlingSecurityHubServerStats,
} from './findings/securityhub/__testUtils__/throttlingSecurityHubServer';
export {
  findMotoServer,
  startMotoServer,
} from './findings/securityhub/__testUtils__/motoServer';
export type { MotoServer } from './findings/securityhub/__testUtils__/motoServer';
export { generateControlFindings } from './findings/securityhub/__testUtils__/asffFindings';
export type { GenerateControlFindingsOptions } from './findings/securityhub/__testUtils__/asffFindings';
export {
  fakeBedrockClient,
  startFakeBedrockAgentRuntime,
} from './chat/bedrock/__testUtils__/fakeBedrockAgentRuntime';
export type {
  FakeFrame,
  FakeRequest,
} from './chat/bedrock/__testUtils__/fakeBedrockAgentRuntime';
export {
  startFakeAwsForDelivery,
  startAwsDeliveryScenario,
  s3Finding,
  s3Remediation,
  s3RemediationRequest,
  PIPELINE,
} from './delivery/aws/__testUtils__/awsDeliveryScenario';
export type { FakeAwsForDelivery } from './delivery/aws/__testUtils__/awsDeliveryScenario';
export { driveRemediation } from './delivery/aws/__testUtils__/driveRemediation';
export type { ThrottleRule } from './delivery/aws/__testUtils__/fakeAws';

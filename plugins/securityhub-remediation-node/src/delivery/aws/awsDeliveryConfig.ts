import type { Config } from '@backstage/config';
import {
  awsAccountIdSchema,
  awsRegionSchema,
  describeZodError,
} from '@internal/plugin-securityhub-remediation-common';
import { z } from 'zod';
import { branchSchema } from '../stageRequest';

const accountId = awsAccountIdSchema;
const region = awsRegionSchema;
/** CodeCommit repository, CodePipeline pipeline, stage and action names. */
const resourceName = (what: string) =>
  z
    .string()
    .regex(
      /^[A-Za-z0-9.@_-]{1,100}$/,
      `must be a ${what} name (letters, digits, . @ _ -)`,
    );
const endpoint = z
  .string()
  .url()
  .refine(url => /^https?:\/\//.test(url), 'must be an http(s) URL');

/** `securityHubRemediation.delivery.aws`, validated. */
export const awsDeliveryConfigSchema = z
  .object({
    accountId: accountId.optional(),
    region,
    repositoryName: resourceName('repository').default('remediation-templates'),
    branch: branchSchema.default('main'),
    pipelineName: resourceName('pipeline').default('securityhub-remediation'),
    stageNames: z
      .object({
        source: resourceName('stage').optional(),
        validate: resourceName('stage').optional(),
        approval: resourceName('stage').optional(),
        deploy: resourceName('stage').optional(),
      })
      .strict()
      .default({}),
    approvalActionName: resourceName('action').default('ManualApproval'),
    maxAttempts: z.number().int().min(1).max(20).default(5),
    endpoints: z
      .object({
        codecommit: endpoint.optional(),
        codepipeline: endpoint.optional(),
        ssm: endpoint.optional(),
        securityhub: endpoint.optional(),
      })
      .strict()
      .default({}),
    pollSeconds: z
      .object({
        pipeline: z.number().positive().default(10),
        automation: z.number().positive().default(5),
        verification: z.number().positive().default(60),
      })
      .strict()
      .default({}),
    verify: z
      .object({
        accountId: accountId.optional(),
        workflowStatus: z
          .enum(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED', 'none'])
          .default('RESOLVED'),
        timeoutMinutes: z.number().positive().default(240),
      })
      .strict()
      .default({}),
  })
  // An unknown key is a typo that would silently fall back to a default.
  .strict();

export type AwsDeliveryConfig = z.infer<typeof awsDeliveryConfigSchema>;

/** Reads and validates `<key>`; the error names every offending key. */
export function readAwsDeliveryConfig(
  config: Config,
  key: string,
): AwsDeliveryConfig {
  const raw = config.getOptional(key);
  if (raw === undefined) {
    throw new Error(
      `${key} is required when the delivery type is "aws" (at least its region); see infra/README.md`,
    );
  }
  const parsed = awsDeliveryConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Invalid ${key}: ${describeZodError(parsed.error)}`);
  }
  return parsed.data;
}

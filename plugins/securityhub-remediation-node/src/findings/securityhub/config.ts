import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Config } from '@backstage/config';
import {
  DefaultAwsCredentialsManager,
  type AwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { describeZodError } from '@internal/plugin-securityhub-remediation-common';
import { z } from 'zod';
import {
  createSecurityHubClient,
  DEFAULT_SECURITY_HUB_MAX_ATTEMPTS,
} from './client';
import { RateLimiter } from './RateLimiter';
import {
  DEFAULT_PRODUCT_NAMES,
  SecurityHubFindingsSource,
} from './SecurityHubFindingsSource';

/** Documented `GetFindings` quota: 3 requests per second, bursts of 6. @public */
export const DEFAULT_GET_FINDINGS_RATE_LIMIT = {
  requestsPerSecond: 3,
  burst: 6,
} as const;

const accountIdSchema = z
  .string()
  .regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

/** Shared with the `securityhub-ocsf` entry, which reads the same accounts and regions. */
export const securityHubSourceEntrySchema = z
  .object({
    id: z.string().trim().min(1),
    type: z.literal('securityhub'),
    accountId: accountIdSchema.optional(),
    regions: z
      .array(
        z
          .string()
          .regex(
            /^[a-z]{2}(-[a-z]+)+-\d+$/,
            'must be an AWS region such as us-east-1',
          ),
      )
      .min(1, 'must list at least one region')
      .refine(regions => new Set(regions).size === regions.length, {
        message: 'must not repeat a region',
      }),
    productNames: z.array(z.string().min(1)).optional(),
    memberAccountIds: z.array(accountIdSchema).optional(),
    endpoint: z
      .string()
      .url()
      .refine(url => /^https?:\/\//.test(url), {
        message: 'must be an http(s) URL',
      })
      .optional(),
    rateLimit: z
      .object({
        requestsPerSecond: z
          .number()
          .positive()
          .default(DEFAULT_GET_FINDINGS_RATE_LIMIT.requestsPerSecond),
        burst: z
          .number()
          .int()
          .min(1)
          .default(DEFAULT_GET_FINDINGS_RATE_LIMIT.burst),
      })
      .strict()
      .default({}),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(DEFAULT_SECURITY_HUB_MAX_ATTEMPTS),
  })
  // Unknown keys are typos ("region", "productName") that would silently widen the read.
  .strict();

/** A validated `type: securityhub` entry of `securityHubRemediation.findings.sources`. @public */
export type SecurityHubSourceConfig = z.infer<
  typeof securityHubSourceEntrySchema
>;

/** @public */
export interface SecurityHubClientFactorySettings {
  endpoint?: string;
  maxAttempts: number;
}

/** @public */
export interface CreateSecurityHubFindingsSourcesOptions {
  credentialsManager?: AwsCredentialsManager;
  /** Replaces {@link createSecurityHubClient} (tests inject a mocked client). */
  clientFactory?: (
    region: string,
    credentials: AwsCredentialIdentityProvider,
    settings: SecurityHubClientFactorySettings,
  ) => SecurityHubClient;
}

/**
 * Validates one `type: securityhub` entry of
 * `securityHubRemediation.findings.sources`. Throws an error naming the
 * source id and every offending key.
 *
 * @public
 */
export function readSecurityHubSourceConfig(
  sourceConfig: Config,
): SecurityHubSourceConfig {
  return parseSourceEntry(
    securityHubSourceEntrySchema,
    sourceConfig,
    'securityhub',
  );
}

/**
 * Validates one entry of `securityHubRemediation.findings.sources` of the
 * given type against its schema; throws naming the source id and every
 * offending key.
 */
export function parseSourceEntry<Schema extends z.ZodTypeAny>(
  schema: Schema,
  sourceConfig: Config,
  type: string,
): z.output<Schema> {
  const raw = sourceConfig.get();
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const id =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? raw.id
      : undefined;
  const name = typeof id === 'string' && id ? `'${id}'` : '(without id)';
  throw new Error(
    `Invalid securityHubRemediation.findings.sources entry ${name} of type ${type}: ${describeZodError(
      parsed.error,
    )}`,
  );
}

/**
 * Builds the findings sources of one `type: securityhub` config entry: one
 * per region, each with its own rate limiter because the `GetFindings` quota
 * applies per account and region.
 *
 * Credentials come from the AWS integration (`aws:` in the root config) and
 * stay inside the SDK client's credential provider.
 *
 * @public
 */
export async function createSecurityHubFindingsSources(
  sourceConfig: Config,
  rootConfig: Config,
  options: CreateSecurityHubFindingsSourcesOptions = {},
): Promise<SecurityHubFindingsSource[]> {
  const entry = readSecurityHubSourceConfig(sourceConfig);
  return securityHubSourcesPerRegion(
    entry,
    rootConfig,
    options,
    regionOptions =>
      new SecurityHubFindingsSource({
        ...regionOptions,
        productNames: entry.productNames ?? DEFAULT_PRODUCT_NAMES,
        memberAccountIds: entry.memberAccountIds,
      }),
  );
}

/** What every Security Hub source of one region of an entry is built with. */
export interface SecurityHubRegionSourceOptions {
  id: string;
  accountId: string | undefined;
  region: string;
  client: SecurityHubClient;
  rateLimiter: RateLimiter;
}

/**
 * One source per region of a Security Hub source entry, each with its own
 * client and its own rate limiter, because the findings quotas apply per
 * account and region.
 */
export async function securityHubSourcesPerRegion<Source>(
  entry: Pick<
    SecurityHubSourceConfig,
    'id' | 'accountId' | 'endpoint' | 'maxAttempts' | 'regions' | 'rateLimit'
  >,
  rootConfig: Config,
  options: CreateSecurityHubFindingsSourcesOptions,
  createSource: (regionOptions: SecurityHubRegionSourceOptions) => Source,
): Promise<Source[]> {
  const { accountId, clientFor } = await securityHubClients(
    entry,
    rootConfig,
    options,
  );
  return entry.regions.map(region =>
    createSource({
      id: `${entry.id}:${region}`,
      accountId,
      region,
      client: clientFor(region),
      rateLimiter: new RateLimiter(entry.rateLimit),
    }),
  );
}

/**
 * The account and a client per region of one Security Hub source entry.
 * Credentials come from the AWS integration (`aws:` in the root config) and
 * stay inside the SDK client's credential provider.
 */
async function securityHubClients(
  entry: Pick<
    SecurityHubSourceConfig,
    'id' | 'accountId' | 'endpoint' | 'maxAttempts'
  >,
  rootConfig: Config,
  options: CreateSecurityHubFindingsSourcesOptions = {},
): Promise<{
  /** Undefined when the integration does not know its main account's id. */
  accountId: string | undefined;
  clientFor: (region: string) => SecurityHubClient;
}> {
  const credentialsManager =
    options.credentialsManager ??
    DefaultAwsCredentialsManager.fromConfig(rootConfig);
  let provider;
  try {
    // Without accountId this is the integration's main account.
    provider = await credentialsManager.getCredentialProvider(
      entry.accountId ? { accountId: entry.accountId } : undefined,
    );
  } catch (error) {
    throw new Error(
      `Security Hub findings source '${
        entry.id
      }': no AWS credentials for account ${
        entry.accountId ?? '(main account)'
      }: ${String(error)}`,
    );
  }
  const settings: SecurityHubClientFactorySettings = {
    endpoint: entry.endpoint,
    maxAttempts: entry.maxAttempts,
  };
  const credentials = provider.sdkCredentialProvider;
  return {
    accountId: entry.accountId ?? provider.accountId,
    clientFor: region =>
      options.clientFactory
        ? options.clientFactory(region, credentials, settings)
        : createSecurityHubClient({ region, credentials, ...settings }),
  };
}

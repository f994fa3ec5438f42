import {
  BedrockAgentRuntimeClient,
  type BedrockAgentRuntimeClientConfig,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { Config } from '@backstage/config';
import {
  DefaultAwsCredentialsManager,
  type AwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { describeZodError } from '@internal/plugin-securityhub-remediation-common';
import { z } from 'zod';
import { BedrockKnowledgeBaseRetriever } from './BedrockKnowledgeBaseRetriever';
import type { ControlRetriever } from './ControlRetriever';
import { LocalControlRetriever } from './LocalControlRetriever';
import { readControlCatalogFile } from './controlCatalog';
import { resolve as resolvePath } from 'path';

/** Config key of the retrieval adapter. */
export const RETRIEVAL_CONFIG_KEY = 'securityHubRemediation.retrieval';

const retrievalSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('local'),
      catalogFile: z.string().min(1).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('bedrock-knowledge-base'),
      knowledgeBaseId: z
        .string()
        .regex(
          /^[0-9a-zA-Z]{10}$/,
          'must be a Bedrock knowledge base id (10 letters and digits)',
        ),
      region: z
        .string()
        .regex(
          /^[a-z]{2}(-[a-z]+)+-\d+$/,
          'must be an AWS region such as us-east-1',
        ),
      /** Account of the knowledge base; the AWS integration's main account when omitted. */
      accountId: z
        .string()
        .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
        .optional(),
    })
    .strict(),
]);

export interface RetrieverFromConfigOptions {
  credentialsManager?: AwsCredentialsManager;
  /** Replaces the Bedrock client (tests inject a mocked one). */
  bedrockClientFactory?: (
    settings: BedrockAgentRuntimeClientConfig,
  ) => BedrockAgentRuntimeClient;
}

/**
 * The control retriever that `securityHubRemediation.retrieval` selects:
 * `type: local` (default: a BM25 index of the bundled catalog, or of the
 * `catalogFile` that `catalog-refresh` wrote; no AWS account) or
 * `type: bedrock-knowledge-base` (Amazon Bedrock Knowledge Bases `Retrieve`,
 * credentials from the AWS integration; they never leave the backend).
 */
export async function createControlRetriever(
  rootConfig: Config,
  options: RetrieverFromConfigOptions = {},
): Promise<ControlRetriever> {
  const raw = rootConfig.getOptional(RETRIEVAL_CONFIG_KEY) ?? { type: 'local' };
  const parsed = retrievalSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `Invalid ${RETRIEVAL_CONFIG_KEY}: ${describeZodError(parsed.error)}`,
    );
  }
  const entry = parsed.data;
  if (entry.type === 'local') {
    return new LocalControlRetriever({
      catalog: entry.catalogFile
        ? await readControlCatalogFile(resolvePath(entry.catalogFile))
        : undefined,
    });
  }

  const credentialsManager =
    options.credentialsManager ??
    DefaultAwsCredentialsManager.fromConfig(rootConfig);
  const provider = await credentialsManager.getCredentialProvider(
    entry.accountId ? { accountId: entry.accountId } : undefined,
  );
  const settings = {
    region: entry.region,
    credentials: provider.sdkCredentialProvider,
  };
  const client = options.bedrockClientFactory
    ? options.bedrockClientFactory(settings)
    : new BedrockAgentRuntimeClient(settings);
  return new BedrockKnowledgeBaseRetriever(client, entry.knowledgeBaseId);
}

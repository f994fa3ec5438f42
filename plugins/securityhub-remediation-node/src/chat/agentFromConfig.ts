import {
  BedrockAgentRuntimeClient,
  type BedrockAgentRuntimeClientConfig,
} from '@aws-sdk/client-bedrock-agent-runtime';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  DefaultAwsCredentialsManager,
  type AwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { resolve as resolvePath } from 'path';
import { z } from 'zod';
import type { RemediationAgent } from './RemediationAgent';
import { CHAT_CONFIG_KEY, invalidConfig, readChatLimits } from './chatLimits';
import { parseBedrockAgentArn } from './bedrock/agentArn';
import { readAgentInstruction } from './bedrock/agentInstruction';
import { BedrockInlineAgent } from './bedrock/BedrockInlineAgent';
import { BedrockNamedAgent } from './bedrock/BedrockNamedAgent';
import { LocalRemediationAgent } from './local/LocalRemediationAgent';

/** Config key of the chat. */
const AGENT_KEY = `${CHAT_CONFIG_KEY}.agent`;

const region = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as us-east-1');
const accountId = z
  .string()
  .regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const bedrockId = (what: string) =>
  z
    .string()
    .regex(
      /^[0-9a-zA-Z]{10}$/,
      `must be a Bedrock ${what} (10 letters and digits)`,
    );
const endpoint = z
  .string()
  .url(
    'must be a URL such as https://bedrock-agent-runtime.us-east-1.amazonaws.com',
  );

const agentSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('local'),
      chunkDelayMs: z
        .number()
        .int()
        .min(0)
        .max(1000, 'must be at most 1000 (milliseconds between chunks)')
        .optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('bedrock-agent'),
      /** `…:agent-alias/<agentId>/<aliasId>`, or `…:agent/<agentId>` with `agentAliasId`. */
      agentArn: z.string().optional(),
      agentId: bedrockId('agent id').optional(),
      agentAliasId: bedrockId('agent alias id').optional(),
      region: region.optional(),
      accountId: accountId.optional(),
      idleSessionTtlInSeconds: z.number().int().min(60).max(3600).optional(),
      endpoint: endpoint.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('bedrock-inline-agent'),
      foundationModel: z.string().min(1).max(2048),
      region,
      accountId: accountId.optional(),
      knowledgeBaseId: bedrockId('knowledge base id').optional(),
      knowledgeBaseDescription: z.string().min(1).max(200).optional(),
      instructionFile: z.string().min(1).optional(),
      idleSessionTtlInSeconds: z.number().int().min(60).max(3600).optional(),
      endpoint: endpoint.optional(),
    })
    .strict(),
]);

/** Options of {@link createRemediationAgent}. */
export interface RemediationAgentFromConfigOptions {
  credentialsManager?: AwsCredentialsManager;
  /** Replaces the Bedrock client (tests inject a mocked one or point it at a local server). */
  bedrockClientFactory?: (
    settings: BedrockAgentRuntimeClientConfig,
  ) => BedrockAgentRuntimeClient;
}

/** Agent id, alias id, region and account of a named agent, from its ARN or its ids. */
function namedAgentTarget(
  entry: Extract<z.infer<typeof agentSchema>, { type: 'bedrock-agent' }>,
) {
  if (entry.agentArn !== undefined) {
    const arn = parseBedrockAgentArn(entry.agentArn);
    if (!arn) {
      throw new Error(
        `Invalid ${AGENT_KEY}.agentArn: must be arn:aws:bedrock:<region>:<account>:agent-alias/<agentId>/<aliasId> (or …:agent/<agentId> with agentAliasId)`,
      );
    }
    const agentAliasId = arn.agentAliasId ?? entry.agentAliasId;
    if (!agentAliasId) {
      throw new Error(
        `Invalid ${AGENT_KEY}.agentAliasId: required with an agent ARN that names no alias`,
      );
    }
    for (const [key, value, fromArn] of [
      ['agentId', entry.agentId, arn.agentId],
      ['agentAliasId', entry.agentAliasId, agentAliasId],
      ['region', entry.region, arn.region],
    ] as const) {
      if (value !== undefined && value !== fromArn) {
        throw new Error(
          `Invalid ${AGENT_KEY}.${key}: ${value} contradicts agentArn (${fromArn})`,
        );
      }
    }
    return {
      agentId: arn.agentId,
      agentAliasId,
      region: arn.region,
      accountId: entry.accountId ?? arn.accountId,
    };
  }
  for (const key of ['agentId', 'agentAliasId', 'region'] as const) {
    if (entry[key] === undefined) {
      throw new Error(`Invalid ${AGENT_KEY}.${key}: required without agentArn`);
    }
  }
  return {
    agentId: entry.agentId!,
    agentAliasId: entry.agentAliasId!,
    region: entry.region!,
    accountId: entry.accountId,
  };
}

async function readInstruction(file: string | undefined): Promise<string> {
  try {
    return await readAgentInstruction(file ? resolvePath(file) : undefined);
  } catch (error) {
    throw new Error(
      `Invalid ${AGENT_KEY}.instructionFile: ${(error as Error).message}`,
    );
  }
}

/**
 * The remediation agent `securityHubRemediation.chat.agent` selects: `local`
 * (the default: the engine answers, no AWS), `bedrock-agent` (`InvokeAgent`
 * on an agent alias) or `bedrock-inline-agent` (`InvokeInlineAgent`: model,
 * instruction, action group and knowledge base sent per request).
 * Credentials come from the AWS integration, resolved on the first call (a
 * missing role shows up as a chat error, not as a backend that will not
 * start); they never leave the backend.
 */
export async function createRemediationAgent(
  config: Config,
  options: RemediationAgentFromConfigOptions = {},
): Promise<RemediationAgent> {
  const parsed = agentSchema.safeParse(
    config.getOptional(AGENT_KEY) ?? { type: 'local' },
  );
  if (!parsed.success) throw invalidConfig(AGENT_KEY, parsed.error);
  const entry = parsed.data;
  const limits = readChatLimits(config);
  // One round per allowed action, plus one for the toolbox's "limit reached" answer.
  const maxReturnControlRounds = limits.maxToolCalls + 1;
  if (entry.type === 'local') {
    return new LocalRemediationAgent({ chunkDelayMs: entry.chunkDelayMs });
  }

  const named =
    entry.type === 'bedrock-agent' ? namedAgentTarget(entry) : undefined;
  const instruction =
    entry.type === 'bedrock-inline-agent'
      ? await readInstruction(entry.instructionFile)
      : undefined;
  const target = named ?? { region: entry.region!, accountId: entry.accountId };
  let credentialsManager = options.credentialsManager;
  const settings: BedrockAgentRuntimeClientConfig = {
    region: target.region,
    ...(entry.endpoint && { endpoint: entry.endpoint }),
    credentials: async () => {
      credentialsManager ??= DefaultAwsCredentialsManager.fromConfig(config);
      const provider = await credentialsManager.getCredentialProvider(
        target.accountId ? { accountId: target.accountId } : undefined,
      );
      return provider.sdkCredentialProvider();
    },
  };
  const client = options.bedrockClientFactory
    ? options.bedrockClientFactory(settings)
    : new BedrockAgentRuntimeClient(settings);

  if (named) {
    return new BedrockNamedAgent({
      client,
      agentId: named.agentId,
      agentAliasId: named.agentAliasId,
      maxReturnControlRounds,
      idleSessionTtlInSeconds:
        entry.type === 'bedrock-agent'
          ? entry.idleSessionTtlInSeconds
          : undefined,
    });
  }
  if (entry.type !== 'bedrock-inline-agent' || instruction === undefined) {
    throw new Error(`Invalid ${AGENT_KEY}.type`);
  }
  return new BedrockInlineAgent({
    client,
    foundationModel: entry.foundationModel,
    instruction,
    knowledgeBase: entry.knowledgeBaseId
      ? {
          knowledgeBaseId: entry.knowledgeBaseId,
          description:
            entry.knowledgeBaseDescription ??
            'AWS documentation on Security Hub controls, Systems Manager Automation runbooks and how to remediate findings.',
        }
      : undefined,
    idleSessionTtlInSeconds: entry.idleSessionTtlInSeconds,
    maxReturnControlRounds,
  });
}

/**
 * The chat's agent as a backend service: one per plugin, built from config;
 * a test or another module replaces it with `createServiceFactory`.
 *
 * @public
 */
export const remediationAgentServiceRef = createServiceRef<RemediationAgent>({
  id: 'securityhub-remediation.chat-agent',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => createRemediationAgent(config),
    }),
});

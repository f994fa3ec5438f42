import {
  BedrockAgentRuntimeClient,
  type BedrockAgentRuntimeClientConfig,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { ConfigReader } from '@backstage/config';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { createRemediationAgent } from '../agentFromConfig';

/** Config of the agent factory's tests: a chat section, fake credentials, the clients it builds. */

export type JsonObject = NonNullable<
  ConstructorParameters<typeof ConfigReader>[0]
>;

export const chat = (chatConfig: JsonObject) =>
  new ConfigReader({ securityHubRemediation: { chat: chatConfig } });

export function credentialsManager(): AwsCredentialsManager & {
  accounts: Array<string | undefined>;
} {
  const accounts: Array<string | undefined> = [];
  return {
    accounts,
    getCredentialProvider: async options => {
      accounts.push(options?.accountId);
      return {
        accountId: options?.accountId,
        sdkCredentialProvider: async () => ({
          accessKeyId: 'AKIDFAKE',
          secretAccessKey: 'fake',
        }),
      };
    },
  };
}

/** Builds an agent and records the settings its client got. */
export async function build(config: ConfigReader) {
  const settings: BedrockAgentRuntimeClientConfig[] = [];
  const manager = credentialsManager();
  const agent = await createRemediationAgent(config, {
    credentialsManager: manager,
    bedrockClientFactory: s => {
      settings.push(s);
      return new BedrockAgentRuntimeClient(s);
    },
  });
  return { agent, settings, manager };
}

export function resolveCredentials(settings: BedrockAgentRuntimeClientConfig) {
  const provider = settings.credentials as () => Promise<unknown>;
  return provider();
}

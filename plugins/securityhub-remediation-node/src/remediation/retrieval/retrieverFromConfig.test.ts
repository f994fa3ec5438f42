import { ConfigReader } from '@backstage/config';
import {
  BedrockAgentRuntimeClient,
  RetrieveCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { mockClient } from 'aws-sdk-client-mock';
import { BedrockKnowledgeBaseRetriever } from './BedrockKnowledgeBaseRetriever';
import { LocalControlRetriever } from './LocalControlRetriever';
import { createControlRetriever } from './retrieverFromConfig';

const credentialsManager: AwsCredentialsManager = {
  getCredentialProvider: jest.fn(async () => ({
    accountId: '111122223333',
    sdkCredentialProvider: async () => ({
      accessKeyId: 'a',
      secretAccessKey: 'b',
    }),
  })),
};

const config = (retrieval?: unknown) =>
  new ConfigReader(retrieval ? { securityHubRemediation: { retrieval } } : {});

describe('createControlRetriever', () => {
  it('defaults to the local index', async () => {
    expect(await createControlRetriever(config())).toBeInstanceOf(
      LocalControlRetriever,
    );
  });

  it('builds the Bedrock adapter with credentials of the configured account', async () => {
    const bedrock = mockClient(BedrockAgentRuntimeClient);
    bedrock.on(RetrieveCommand).resolves({ retrievalResults: [] });
    let settings: unknown;
    const retriever = await createControlRetriever(
      config({
        type: 'bedrock-knowledge-base',
        knowledgeBaseId: 'KB12345678',
        region: 'eu-west-1',
        accountId: '444455556666',
      }),
      {
        credentialsManager,
        bedrockClientFactory: s => {
          settings = s;
          return new BedrockAgentRuntimeClient(s);
        },
      },
    );
    expect(retriever).toBeInstanceOf(BedrockKnowledgeBaseRetriever);
    expect(credentialsManager.getCredentialProvider).toHaveBeenCalledWith({
      accountId: '444455556666',
    });
    expect(settings).toMatchObject({ region: 'eu-west-1' });
    await retriever.retrieve({ text: 'bucket accepts http' });
    expect(
      bedrock.commandCalls(RetrieveCommand)[0].args[0].input.knowledgeBaseId,
    ).toBe('KB12345678');
    bedrock.restore();
  });

  it.each([
    [{ type: 'bedrock' }, /type/],
    [
      { type: 'bedrock-knowledge-base', region: 'eu-west-1' },
      /knowledgeBaseId/,
    ],
    [
      {
        type: 'bedrock-knowledge-base',
        knowledgeBaseId: 'KB12345678',
        region: 'Ireland',
      },
      /region: must be an AWS region/,
    ],
    [{ type: 'local', knowledgeBaseId: 'x' }, /Unrecognized key/],
  ])('rejects %j with a message naming the key', async (retrieval, message) => {
    await expect(
      createControlRetriever(config(retrieval), { credentialsManager }),
    ).rejects.toThrow(message);
  });
});

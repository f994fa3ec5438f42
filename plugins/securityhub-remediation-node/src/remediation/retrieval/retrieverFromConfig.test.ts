import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ConfigReader } from '@backstage/config';
import { listControls } from '@internal/plugin-securityhub-remediation-common';
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

  it('indexes the catalog file that catalog-refresh wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    try {
      const file = join(dir, 'controls.json');
      const s35 = listControls().find(c => c.id === 'S3.5')!;
      writeFileSync(
        file,
        JSON.stringify([
          { ...s35, title: 'S3 buckets should refuse unencrypted requests' },
        ]),
      );
      const retriever = await createControlRetriever(
        config({ type: 'local', catalogFile: file }),
      );
      const [first] = await retriever.retrieve({ text: 's3.5' });
      expect(first.title).toBe('S3 buckets should refuse unencrypted requests');
      expect(await retriever.retrieve({ text: 'ec2.19' })).toEqual([]);

      writeFileSync(file, '[{"id": "S3.5"');
      await expect(
        createControlRetriever(config({ type: 'local', catalogFile: file })),
      ).rejects.toThrow(`Control catalog ${file} cannot be read`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

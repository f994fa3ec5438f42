import {
  BedrockAgentRuntimeClient,
  InvokeAgentCommand,
  InvokeInlineAgentCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { remediationAgentServiceRef } from './agentFromConfig';
import { BedrockInlineAgent } from './bedrock/BedrockInlineAgent';
import { BedrockNamedAgent } from './bedrock/BedrockNamedAgent';
import { LocalRemediationAgent } from './local/LocalRemediationAgent';
import { agentTurn, collect } from './bedrock/__testUtils__/agentTurns';
import { build, chat, resolveCredentials } from './__testUtils__/agentConfig';
import {
  completion,
  returnControl,
} from './bedrock/__testUtils__/mockedCompletion';
import type { RemediationAgent } from './RemediationAgent';

const bedrock = mockClient(BedrockAgentRuntimeClient);
beforeEach(() => bedrock.reset());

async function answerOnce(agent: RemediationAgent) {
  bedrock.on(InvokeAgentCommand).resolves({ completion: completion() } as any);
  bedrock
    .on(InvokeInlineAgentCommand)
    .resolves({ completion: completion() } as any);
  return collect(agent, await agentTurn());
}

describe('createRemediationAgent', () => {
  it('defaults to the local agent (no AWS)', async () => {
    const { agent, settings } = await build(new ConfigReader({}));
    expect(agent).toBeInstanceOf(LocalRemediationAgent);
    expect(agent.kind).toBe('local');
    expect(settings).toHaveLength(0);
  });

  it('paces the local agent with chunkDelayMs', async () => {
    const timed = async (chunkDelayMs?: number) => {
      const { agent } = await build(
        chat({ agent: { type: 'local', chunkDelayMs } }),
      );
      const turn = await agentTurn({ message: 'S3.5' });
      const started = Date.now();
      const { events, error } = await collect(agent, turn);
      expect(error).toBeUndefined();
      const chunks = events.filter(e => e.type === 'text').length;
      return { chunks, ms: Date.now() - started };
    };
    const paced = await timed(40);
    expect(paced.chunks).toBeGreaterThan(3);
    // Every chunk after the first waits the configured pause.
    expect(paced.ms).toBeGreaterThanOrEqual((paced.chunks - 1) * 40 - 5);
    await expect(
      build(chat({ agent: { type: 'local', chunkDelayMs: 5000 } })),
    ).rejects.toThrow(/chunkDelayMs: must be at most 1000/);
    // A paced answer takes seconds by design; a busy machine adds to it.
  }, 30_000);

  it('selects the named agent from an alias ARN, in its region, with the ARN account credentials', async () => {
    const { agent, settings, manager } = await build(
      chat({
        agent: {
          type: 'bedrock-agent',
          agentArn:
            'arn:aws:bedrock:eu-west-1:111122223333:agent-alias/AGENT12345/ALIAS12345',
        },
      }),
    );
    expect(agent).toBeInstanceOf(BedrockNamedAgent);
    expect(settings[0]).toMatchObject({ region: 'eu-west-1' });
    await answerOnce(agent);
    expect(
      bedrock.commandCalls(InvokeAgentCommand)[0].args[0].input,
    ).toMatchObject({
      agentId: 'AGENT12345',
      agentAliasId: 'ALIAS12345',
    });
    // Credentials are resolved when the client first needs them, for the agent's account.
    expect(manager.accounts).toEqual([]);
    await expect(resolveCredentials(settings[0])).resolves.toMatchObject({
      accessKeyId: 'AKIDFAKE',
    });
    expect(manager.accounts).toEqual(['111122223333']);
  });

  it('hands the named agent its session timeout (idleSessionTtlInSeconds)', async () => {
    const arn =
      'arn:aws:bedrock:us-east-1:111122223333:agent-alias/AGENT12345/ALIAS12345';
    const twoMinutesAgo = new Date(Date.now() - 120_000).toISOString();
    const turn = await agentTurn({
      history: [{ role: 'user', text: 'S3.5?', at: twoMinutesAgo }],
    });
    bedrock
      .on(InvokeAgentCommand)
      .resolves({ completion: completion() } as any);
    for (const [idleSessionTtlInSeconds, sent] of [
      [60, true],
      [undefined, false],
    ] as const) {
      bedrock.resetHistory();
      const { agent } = await build(
        chat({
          agent: {
            type: 'bedrock-agent',
            agentArn: arn,
            idleSessionTtlInSeconds,
          },
        }),
      );
      await collect(agent, turn);
      const input = bedrock.commandCalls(InvokeAgentCommand)[0].args[0].input;
      expect(!!input.sessionState?.conversationHistory).toBe(sent);
    }
  });

  it('takes the agent ARN the console shows plus agentAliasId, or plain ids', async () => {
    const fromAgentArn = await build(
      chat({
        agent: {
          type: 'bedrock-agent',
          agentArn: 'arn:aws:bedrock:us-west-2:111122223333:agent/AGENT12345',
          agentAliasId: 'TSTALIASID',
        },
      }),
    );
    await answerOnce(fromAgentArn.agent);
    expect(
      bedrock.commandCalls(InvokeAgentCommand)[0].args[0].input,
    ).toMatchObject({ agentId: 'AGENT12345', agentAliasId: 'TSTALIASID' });

    bedrock.reset();
    const fromIds = await build(
      chat({
        agent: {
          type: 'bedrock-agent',
          agentId: 'AGENT67890',
          agentAliasId: 'ALIAS67890',
          region: 'ap-southeast-2',
          endpoint: 'https://vpce.example.com',
        },
      }),
    );
    expect(fromIds.settings[0]).toMatchObject({
      region: 'ap-southeast-2',
      endpoint: 'https://vpce.example.com',
    });
    await answerOnce(fromIds.agent);
    expect(
      bedrock.commandCalls(InvokeAgentCommand)[0].args[0].input,
    ).toMatchObject({ agentId: 'AGENT67890', agentAliasId: 'ALIAS67890' });
    await resolveCredentials(fromIds.settings[0]);
    expect(fromIds.manager.accounts).toEqual([undefined]);
  });

  it('selects the inline agent with the shipped instruction, the knowledge base and the TTL', async () => {
    const { agent, settings } = await build(
      chat({
        agent: {
          type: 'bedrock-inline-agent',
          foundationModel: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
          region: 'us-east-1',
          knowledgeBaseId: 'KB12345678',
          idleSessionTtlInSeconds: 600,
        },
      }),
    );
    expect(agent).toBeInstanceOf(BedrockInlineAgent);
    expect(settings[0]).toMatchObject({ region: 'us-east-1' });
    await answerOnce(agent);
    const input = bedrock.commandCalls(InvokeInlineAgentCommand)[0].args[0]
      .input;
    expect(input).toMatchObject({
      foundationModel: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
      knowledgeBases: [
        { knowledgeBaseId: 'KB12345678', description: expect.any(String) },
      ],
      idleSessionTTLInSeconds: 600,
    });
    expect(input.instruction).toMatch(/^You are the remediation assistant/);
  });

  it('reads a configured instruction file and knowledge base description', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'chat-')), 'instruction.md');
    writeFileSync(
      file,
      'Answer only with AWS-owned runbooks for Security Hub controls, briefly.',
    );
    const { agent } = await build(
      chat({
        agent: {
          type: 'bedrock-inline-agent',
          foundationModel: 'amazon.nova-pro-v1:0',
          region: 'us-east-1',
          instructionFile: file,
          knowledgeBaseId: 'KB12345678',
          knowledgeBaseDescription: 'Our own runbook wiki, exported nightly.',
        },
      }),
    );
    await answerOnce(agent);
    const input = bedrock.commandCalls(InvokeInlineAgentCommand)[0].args[0]
      .input;
    expect(input.instruction).toMatch(/^Answer only with AWS-owned runbooks/);
    expect(input.knowledgeBases).toEqual([
      {
        knowledgeBaseId: 'KB12345678',
        description: 'Our own runbook wiki, exported nightly.',
      },
    ]);
  });
});

describe('createRemediationAgent limits', () => {
  it('bounds the Bedrock rounds of an answer by maxToolCalls', async () => {
    const { agent } = await build(
      chat({
        maxToolCalls: 1,
        agent: {
          type: 'bedrock-agent',
          agentArn:
            'arn:aws:bedrock:us-east-1:111122223333:agent-alias/AGENT12345/ALIAS12345',
        },
      }),
    );
    let round = 0;
    bedrock.on(InvokeAgentCommand).callsFake(async () => ({
      completion: completion(
        returnControl(`inv-${++round}`, 'find_control', { text: 'S3' }),
      ),
    }));
    const { error } = await collect(agent, await agentTurn());
    expect(error).toMatchObject({
      message: expect.stringMatching(/more than 2 rounds/),
    });
    expect(bedrock.commandCalls(InvokeAgentCommand)).toHaveLength(3);
  });
});

describe('remediationAgentServiceRef', () => {
  it('gives a plugin the agent its config selects', async () => {
    let kind: string | undefined;
    await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            securityHubRemediation: {
              chat: {
                agent: {
                  type: 'bedrock-agent',
                  agentArn:
                    'arn:aws:bedrock:us-east-1:111122223333:agent-alias/AGENT12345/ALIAS12345',
                },
              },
            },
          },
        }),
        createBackendPlugin({
          pluginId: 'securityhub-remediation',
          register(env) {
            env.registerInit({
              deps: {
                agent: remediationAgentServiceRef,
                logger: coreServices.logger,
              },
              async init({ agent }) {
                kind = agent.kind;
              },
            });
          },
        }),
      ],
    });
    expect(kind).toBe('bedrock-agent');
  });
});

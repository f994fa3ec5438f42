import {
  BedrockAgentRuntimeClient,
  InvokeInlineAgentCommand,
  type InlineAgentResponseStream,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { UNTRUSTED_DATA_RULE } from '../untrusted';
import { readAgentInstruction } from './agentInstruction';
import { BedrockInlineAgent } from './BedrockInlineAgent';
import { CHAT_ACTION_GROUP_NAME, chatActionGroup } from './chatActionGroup';
import { agentTurn, bytes, collect } from './__testUtils__/agentTurns';
import { completion } from './__testUtils__/mockedCompletion';

const bedrock = mockClient(BedrockAgentRuntimeClient);

beforeEach(() => bedrock.reset());

describe('BedrockInlineAgent', () => {
  it('sends model, instruction, the RETURN_CONTROL action group and the knowledge base with every call, and resumes with inlineSessionState', async () => {
    const instruction = await readAgentInstruction();
    const agent = new BedrockInlineAgent({
      client: new BedrockAgentRuntimeClient({ region: 'eu-west-1' }),
      foundationModel: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
      instruction,
      knowledgeBase: {
        knowledgeBaseId: 'KB12345678',
        description: 'AWS documentation',
      },
      idleSessionTtlInSeconds: 900,
    });
    const turn = await agentTurn();
    bedrock
      .on(InvokeInlineAgentCommand)
      .resolvesOnce({
        completion: completion<InlineAgentResponseStream>({
          returnControl: {
            invocationId: 'inline-1',
            invocationInputs: [
              {
                functionInvocationInput: {
                  actionGroup: CHAT_ACTION_GROUP_NAME,
                  function: 'render_remediation',
                  parameters: [
                    { name: 'controlId', type: 'string', value: 'S3.8' },
                  ],
                },
              },
            ],
          },
        }),
      } as any)
      .resolvesOnce({
        completion: completion<InlineAgentResponseStream>(
          {
            trace: {
              trace: {
                orchestrationTrace: {
                  modelInvocationOutput: {
                    rawResponse: { content: 'SECRET PROMPT TEXT' },
                    metadata: {
                      totalTimeMs: 812,
                      usage: { inputTokens: 1200, outputTokens: 85 },
                    },
                  },
                },
              },
            },
          },
          { chunk: { bytes: bytes('Use the AWS runbook.') } },
        ),
      } as any);

    const { events, error } = await collect(agent, turn);
    expect(error).toBeUndefined();

    const calls = bedrock.commandCalls(InvokeInlineAgentCommand);
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.args[0].input).toMatchObject({
        foundationModel: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
        instruction,
        sessionId: 'session-0123456789',
        actionGroups: [chatActionGroup()],
        knowledgeBases: [
          { knowledgeBaseId: 'KB12345678', description: 'AWS documentation' },
        ],
        idleSessionTTLInSeconds: 900,
        enableTrace: true,
        streamingConfigurations: { streamFinalResponse: true },
      });
      expect((call.args as unknown[])[1]).toMatchObject({
        abortSignal: turn.signal,
      });
    }
    expect(calls[0].args[0].input.actionGroups?.[0]).toMatchObject({
      actionGroupExecutor: { customControl: 'RETURN_CONTROL' },
    });
    expect(calls[0].args[0].input.instruction).toContain(UNTRUSTED_DATA_RULE);
    expect(calls[0].args[0].input.inputText).toContain('user-message');

    const resumed = calls[1].args[0].input.inlineSessionState!;
    expect(calls[1].args[0].input.inputText).toBeUndefined();
    expect(resumed.invocationId).toBe('inline-1');
    const [result] = resumed.returnControlInvocationResults!;
    expect(result.functionResult).toMatchObject({
      actionGroup: CHAT_ACTION_GROUP_NAME,
      function: 'render_remediation',
    });
    expect(result.functionResult!.responseState).toBeUndefined();
    expect(result.functionResult!.responseBody!.TEXT.body).toContain('S3.8');

    // The rendered remediation reaches the portal as a proposal with its sources.
    expect(events.find(e => e.type === 'proposal')).toMatchObject({
      controlId: 'S3.8',
    });
    expect(events.some(e => e.type === 'citation')).toBe(true);
    // A model call is summarised by its usage, never by its prompt or raw response.
    const modelStep = events.find(
      e => e.type === 'tool' && e.name === 'trace:model',
    );
    expect(modelStep).toMatchObject({
      result: '1200 input tokens, 85 output tokens',
      durationMs: 812,
    });
    expect(JSON.stringify(events)).not.toContain('SECRET PROMPT TEXT');
    expect(events[events.length - 1]).toEqual({
      type: 'text',
      text: 'Use the AWS runbook.',
    });
  });

  it('leaves the knowledge base out when none is configured', async () => {
    const agent = new BedrockInlineAgent({
      client: new BedrockAgentRuntimeClient({ region: 'eu-west-1' }),
      foundationModel: 'amazon.nova-pro-v1:0',
      instruction: await readAgentInstruction(),
    });
    bedrock.on(InvokeInlineAgentCommand).resolvesOnce({
      completion: completion<InlineAgentResponseStream>({
        chunk: { bytes: bytes('Hi') },
      }),
    } as any);
    const { events } = await collect(agent, await agentTurn());
    expect(events).toEqual([{ type: 'text', text: 'Hi' }]);
    const input = bedrock.commandCalls(InvokeInlineAgentCommand)[0].args[0]
      .input;
    expect(input.knowledgeBases).toBeUndefined();
    expect(input.idleSessionTTLInSeconds).toBe(1800);
  });

  it('sends the earlier messages in inlineSessionState once its own session timeout has passed', async () => {
    const agent = new BedrockInlineAgent({
      client: new BedrockAgentRuntimeClient({ region: 'eu-west-1' }),
      foundationModel: 'amazon.nova-pro-v1:0',
      instruction: await readAgentInstruction(),
      idleSessionTtlInSeconds: 300,
    });
    bedrock.on(InvokeInlineAgentCommand).resolves({
      completion: completion<InlineAgentResponseStream>({
        chunk: { bytes: bytes('Hi') },
      }),
    } as any);
    const tenMinutesAgo = new Date(Date.now() - 600_000).toISOString();
    await collect(
      agent,
      await agentTurn({
        history: [
          { role: 'user', text: 'And S3.8?', at: tenMinutesAgo },
          { role: 'assistant', text: 'Curated.', at: tenMinutesAgo },
        ],
      }),
    );
    const input = bedrock.commandCalls(InvokeInlineAgentCommand)[0].args[0]
      .input;
    expect(
      input.inlineSessionState?.conversationHistory?.messages,
    ).toHaveLength(2);
  });
});

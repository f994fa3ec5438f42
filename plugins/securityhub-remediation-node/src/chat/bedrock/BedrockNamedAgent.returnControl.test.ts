import {
  BedrockAgentRuntimeClient,
  InvokeAgentCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { UNTRUSTED_OPEN } from '../untrusted';
import { CHAT_ACTION_GROUP_NAME } from './chatActionGroup';
import {
  agentTurn,
  BROKEN_TEMPLATE,
  bytes,
  collect,
  VALID_TEMPLATE,
} from './__testUtils__/agentTurns';
import {
  completion,
  invokeAgentInput,
  namedAgent,
  resultsSent,
  returnControl,
} from './__testUtils__/mockedCompletion';

const bedrock = mockClient(BedrockAgentRuntimeClient);

beforeEach(() => bedrock.reset());

describe('BedrockNamedAgent: return of control', () => {
  it('runs a multi-step return-of-control exchange with a repair round and streams the model-written proposal', async () => {
    const turn = await agentTurn();
    bedrock
      .on(InvokeAgentCommand)
      .resolvesOnce({
        completion: completion(
          {
            trace: {
              trace: {
                orchestrationTrace: {
                  rationale: { traceId: 't1', text: 'Find the control first.' },
                },
              },
            },
          },
          returnControl('inv-1', 'find_control', {
            text: 'database migration service replication instances should not be public',
          }),
        ),
      } as any)
      .resolvesOnce({
        completion: completion(
          returnControl('inv-2', 'validate_template', {
            controlId: 'S3.4',
            templateYaml: BROKEN_TEMPLATE,
          }),
        ),
      } as any)
      .resolvesOnce({
        completion: completion(
          returnControl('inv-3', 'validate_template', {
            controlId: 'S3.4',
            templateYaml: VALID_TEMPLATE,
          }),
        ),
      } as any)
      .resolvesOnce({
        completion: completion(
          {
            trace: {
              trace: {
                orchestrationTrace: {
                  invocationInput: {
                    traceId: 't9',
                    knowledgeBaseLookupInput: {
                      knowledgeBaseId: 'KB12345678',
                      text: 'S3 default encryption',
                    },
                  },
                },
              },
            },
          },
          {
            trace: {
              trace: {
                orchestrationTrace: {
                  observation: {
                    traceId: 't9',
                    knowledgeBaseLookupOutput: {
                      retrievedReferences: [{}, {}],
                    },
                  },
                },
              },
            },
          },
          {
            chunk: {
              bytes: bytes('The template enables default encryption '),
              attribution: {
                citations: [
                  {
                    retrievedReferences: [
                      {
                        content: {
                          text: 'S3.4 requires server-side encryption.',
                        },
                        location: {
                          type: 'S3',
                          s3Location: {
                            uri: 's3://docs-bucket/securityhub/s3-controls.md',
                          },
                        },
                      },
                      {
                        content: {
                          text: 'PutBucketEncryption sets the default.',
                        },
                        location: {
                          type: 'WEB',
                          webLocation: {
                            url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketEncryption.html',
                          },
                        },
                      },
                    ],
                  },
                ],
              },
            },
          },
          { chunk: { bytes: bytes('and verifies it.') } },
        ),
      } as any);

    const { events, error } = await collect(namedAgent(), turn);
    expect(error).toBeUndefined();

    // Four invocations of one session, each streamed and traced.
    const calls = bedrock.commandCalls(InvokeAgentCommand);
    expect(calls).toHaveLength(4);
    for (const call of calls) {
      expect(call.args[0].input).toMatchObject({
        agentId: 'AGENT12345',
        agentAliasId: 'ALIAS12345',
        sessionId: 'session-0123456789',
        enableTrace: true,
        streamingConfigurations: { streamFinalResponse: true },
      });
    }
    // The first carries the message (untrusted) and only non-secret attributes.
    expect(invokeAgentInput(bedrock, 0).inputText).toContain(
      `${UNTRUSTED_OPEN} source="user-message">`,
    );
    expect(invokeAgentInput(bedrock, 0).inputText).toContain(
      'replication instances should not be public',
    );
    expect(
      Object.keys(
        invokeAgentInput(bedrock, 0).sessionState?.promptSessionAttributes ??
          {},
      ),
    ).toEqual(['currentDate']);
    expect(
      invokeAgentInput(bedrock, 0).sessionState?.returnControlInvocationResults,
    ).toBeUndefined();

    // Each resume answers the invocation it was asked, with the action's output.
    expect(invokeAgentInput(bedrock, 1).inputText).toBeUndefined();
    expect(invokeAgentInput(bedrock, 1).sessionState?.invocationId).toBe(
      'inv-1',
    );
    const findOutput = JSON.parse(
      resultsSent(bedrock, 1)[0].functionResult!.responseBody!.TEXT.body!,
    );
    expect(resultsSent(bedrock, 1)).toEqual([
      {
        functionResult: {
          actionGroup: CHAT_ACTION_GROUP_NAME,
          function: 'find_control',
          responseBody: { TEXT: { body: JSON.stringify(findOutput) } },
        },
      },
    ]);
    expect(JSON.stringify(findOutput)).toContain('DMS.1');

    expect(invokeAgentInput(bedrock, 2).sessionState?.invocationId).toBe(
      'inv-2',
    );
    const invalid = JSON.parse(
      resultsSent(bedrock, 2)[0].functionResult!.responseBody!.TEXT.body!,
    );
    expect(invalid).toMatchObject({ valid: false, round: 1, roundsLeft: 2 });
    expect(invalid.feedback).toMatch(/PutBucketEncryptionn/);
    expect(resultsSent(bedrock, 2)[0].functionResult).toMatchObject({
      function: 'validate_template',
    });
    expect(
      resultsSent(bedrock, 2)[0].functionResult!.responseState,
    ).toBeUndefined();

    expect(invokeAgentInput(bedrock, 3).sessionState?.invocationId).toBe(
      'inv-3',
    );
    expect(
      JSON.parse(
        resultsSent(bedrock, 3)[0].functionResult!.responseBody!.TEXT.body!,
      ),
    ).toMatchObject({ valid: true, round: 2 });

    // The portal sees every step, the proposal with its rounds, the text and its sources.
    const steps = events
      .filter(e => e.type === 'tool')
      .map(e => e.type === 'tool' && [e.name, e.status]);
    expect(steps).toEqual([
      ['trace:rationale', 'succeeded'],
      ['find_control', 'succeeded'],
      ['validate_template', 'succeeded'],
      ['validate_template', 'succeeded'],
      ['trace:knowledge-base', 'succeeded'],
    ]);
    const proposals = events.filter(e => e.type === 'proposal');
    expect(proposals).toHaveLength(1);
    expect(proposals[0]).toMatchObject({
      automationKind: 'model-written',
      controlId: 'S3.4',
      validation: { valid: true },
      rounds: [
        { round: 1, valid: false },
        { round: 2, valid: true },
      ],
    });
    expect(
      events
        .filter(e => e.type === 'text')
        .map(e => e.type === 'text' && e.text)
        .join(''),
    ).toBe('The template enables default encryption and verifies it.');
    const kbCitations = events.filter(
      e => e.type === 'citation' && e.source === 'knowledge-base',
    );
    expect(kbCitations).toEqual([
      expect.objectContaining({
        id: 'knowledge-base:s3://docs-bucket/securityhub/s3-controls.md',
        title: 's3-controls.md',
        url: undefined,
        excerpt: 'S3.4 requires server-side encryption.',
      }),
      expect.objectContaining({
        url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketEncryption.html',
        title: 'API_PutBucketEncryption.html',
      }),
    ]);
    const kbStep = events.find(
      e => e.type === 'tool' && e.name === 'trace:knowledge-base',
    );
    expect(kbStep).toMatchObject({
      input: { knowledgeBaseId: 'KB12345678', query: 'S3 default encryption' },
      result: '2 passages retrieved',
    });
  });
});

import type { AgentEvent } from '@internal/plugin-securityhub-remediation-common';
import { ChatAgentError } from '../RemediationAgent';
import { readAgentInstruction } from './agentInstruction';
import { BedrockInlineAgent } from './BedrockInlineAgent';
import { BedrockNamedAgent } from './BedrockNamedAgent';
import { CHAT_ACTION_GROUP_NAME } from './chatActionGroup';
import { agentTurn, collect } from './__testUtils__/agentTurns';
import {
  fakeBedrockClient,
  startFakeBedrockAgentRuntime,
  type FakeBedrockAgentRuntime,
} from './__testUtils__/fakeBedrockAgentRuntime';

const client = fakeBedrockClient;

function texts(events: AgentEvent[]): string {
  return events.map(e => (e.type === 'text' ? e.text : '')).join('');
}

describe('Bedrock agents over the wire', () => {
  let fake: FakeBedrockAgentRuntime;
  beforeEach(async () => {
    fake = await startFakeBedrockAgentRuntime();
  });
  afterEach(() => fake.close());

  it('streams a named agent answer with its citation from event-stream frames', async () => {
    fake.script([
      {
        trace: {
          trace: {
            orchestrationTrace: {
              rationale: { text: 'The user asks about DMS.1.' },
            },
          },
        },
      },
      { chunk: { text: 'DMS.1 is about ' } },
      {
        chunk: {
          text: 'public replication instances. ✓',
          attribution: {
            citations: [
              {
                generatedResponsePart: {
                  textResponsePart: { text: 'public replication instances' },
                },
                retrievedReferences: [
                  {
                    content: {
                      text: 'DMS replication instances should not be public.',
                    },
                    location: {
                      type: 'WEB',
                      webLocation: {
                        url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/dms-controls.html',
                      },
                    },
                  },
                ],
              },
            ],
          },
        },
      },
    ]);
    const agent = new BedrockNamedAgent({
      client: client(fake),
      agentId: 'AGENT12345',
      agentAliasId: 'TSTALIASID',
    });
    const { events, error } = await collect(agent, await agentTurn());

    expect(error).toBeUndefined();
    expect(texts(events)).toBe(
      'DMS.1 is about public replication instances. ✓',
    );
    expect(events.filter(e => e.type === 'citation')).toEqual([
      {
        type: 'citation',
        id: 'knowledge-base:https://docs.aws.amazon.com/securityhub/latest/userguide/dms-controls.html',
        title: 'dms-controls.html',
        url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/dms-controls.html',
        source: 'knowledge-base',
        excerpt: 'DMS replication instances should not be public.',
      },
    ]);
    expect(events[0]).toMatchObject({
      type: 'tool',
      name: 'trace:rationale',
      result: 'The user asks about DMS.1.',
    });

    const [request] = fake.requests;
    expect(request).toMatchObject({
      operation: 'InvokeAgent',
      path: '/agents/AGENT12345/agentAliases/TSTALIASID/sessions/session-0123456789/text',
      sessionId: 'session-0123456789',
    });
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDFAKE\//,
    );
    expect(request.body).toMatchObject({
      enableTrace: true,
      streamingConfigurations: { streamFinalResponse: true },
      sessionState: {
        promptSessionAttributes: { currentDate: expect.any(String) },
      },
    });
    expect(request.body.inputText).toContain(
      '<untrusted-data source="user-message">',
    );
  });

  it('runs a return-of-control round trip for an inline agent: the second request carries the results', async () => {
    fake.script(
      [
        {
          returnControl: {
            invocationId: 'inv-wire-1',
            invocationInputs: [
              {
                functionInvocationInput: {
                  actionGroup: CHAT_ACTION_GROUP_NAME,
                  function: 'find_control',
                  parameters: [
                    {
                      name: 'text',
                      type: 'string',
                      value: 'S3 bucket allows public write access',
                    },
                    { name: 'limit', type: 'integer', value: '2' },
                  ],
                },
              },
            ],
          },
        },
      ],
      request => {
        const [result] =
          request.body.inlineSessionState.returnControlInvocationResults;
        const output = JSON.parse(result.functionResult.responseBody.TEXT.body);
        return [
          { chunk: { text: `Top control: ${output.controls[0].controlId}` } },
        ];
      },
    );
    const agent = new BedrockInlineAgent({
      client: client(fake),
      foundationModel: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
      instruction: await readAgentInstruction(),
      knowledgeBase: { knowledgeBaseId: 'KB12345678', description: 'AWS docs' },
    });
    const { events, error } = await collect(agent, await agentTurn());

    expect(error).toBeUndefined();
    expect(fake.requests.map(r => [r.operation, r.path])).toEqual([
      ['InvokeInlineAgent', '/agents/session-0123456789'],
      ['InvokeInlineAgent', '/agents/session-0123456789'],
    ]);
    const first = fake.requests[0].body;
    expect(first.actionGroups[0]).toMatchObject({
      actionGroupName: CHAT_ACTION_GROUP_NAME,
      actionGroupExecutor: { customControl: 'RETURN_CONTROL' },
    });
    expect(
      first.actionGroups[0].functionSchema.functions.map(
        (f: { name: string }) => f.name,
      ),
    ).toEqual([
      'find_control',
      'read_finding',
      'render_remediation',
      'validate_template',
    ]);
    expect(first.knowledgeBases).toEqual([
      { knowledgeBaseId: 'KB12345678', description: 'AWS docs' },
    ]);

    const second = fake.requests[1].body;
    expect(second.inputText).toBeUndefined();
    expect(second.inlineSessionState.invocationId).toBe('inv-wire-1');
    const [result] = second.inlineSessionState.returnControlInvocationResults;
    expect(result.functionResult.actionGroup).toBe(CHAT_ACTION_GROUP_NAME);
    expect(result.functionResult.function).toBe('find_control');
    expect(result.functionResult.responseState).toBeUndefined();
    expect(result.functionResult.responseBody.TEXT.body).toContain('S3.');

    expect(events.find(e => e.type === 'tool')).toMatchObject({
      name: 'find_control',
      status: 'succeeded',
    });
    expect(texts(events)).toMatch(/^Top control: S3\.\d+$/);
  });

  it('ends with the error of a mid-stream exception frame, after the text already received', async () => {
    fake.script([
      { chunk: { text: 'Starting the answer… ' } },
      {
        exception: 'throttlingException',
        message: 'Your request rate is too high.',
      },
      { chunk: { text: 'never read' } },
    ]);
    const agent = new BedrockNamedAgent({
      client: client(fake),
      agentId: 'AGENT12345',
      agentAliasId: 'TSTALIASID',
    });
    const { events, error } = await collect(agent, await agentTurn());

    expect(texts(events)).toBe('Starting the answer… ');
    expect(error).toBeInstanceOf(ChatAgentError);
    expect(error).toMatchObject({ code: 'throttled', retryable: true });
  });

  it('maps an HTTP error before the stream (access denied) to a non-retryable upstream error', async () => {
    fake.script({
      status: 403,
      errorType: 'AccessDeniedException',
      message:
        'User: arn:aws:sts::111122223333:assumed-role/x is not authorized',
    });
    const agent = new BedrockNamedAgent({
      client: client(fake),
      agentId: 'AGENT12345',
      agentAliasId: 'TSTALIASID',
    });
    const { error } = await collect(agent, await agentTurn());
    expect(error).toMatchObject({ code: 'upstream', retryable: false });
    expect((error as Error).message).toMatch(/access denied/);
    expect((error as Error).message).not.toContain('111122223333');
  });

  it('reports a malformed event as an upstream error', async () => {
    fake.script([
      { chunk: { text: 'ok ' } },
      { raw: { eventType: 'chunk', body: '{not json' } },
    ]);
    const agent = new BedrockNamedAgent({
      client: client(fake),
      agentId: 'AGENT12345',
      agentAliasId: 'TSTALIASID',
    });
    const { events, error } = await collect(agent, await agentTurn());
    expect(texts(events)).toBe('ok ');
    expect(error).toMatchObject({ name: 'ChatAgentError', code: 'upstream' });
  });

  it('aborts the upstream request when the turn is stopped: the server sees the connection close', async () => {
    fake.script([{ chunk: { text: 'First part. ' } }, { hold: true }]);
    const agent = new BedrockNamedAgent({
      client: client(fake),
      agentId: 'AGENT12345',
      agentAliasId: 'TSTALIASID',
    });
    const turn = await agentTurn();
    const events: AgentEvent[] = [];
    const closed = fake.clientClosed();
    for await (const event of agent.respond(turn)) {
      events.push(event);
      turn.abort.abort();
    }
    expect(events).toEqual([{ type: 'text', text: 'First part. ' }]);
    await expect(closed).resolves.toMatchObject({ operation: 'InvokeAgent' });
  });
});

import type {
  AgentEvent,
  ChatEvent,
} from '@internal/plugin-securityhub-remediation-common';
import {
  ALICE,
  ScriptedAgent,
  aborted,
  chatTestApp,
  type ChatTestApp,
} from '../../__testUtils__/chatTestApp';
import { findingsTestDatabases } from '../../__testUtils__/testDatabases';

jest.setTimeout(30_000);

const { databases } = findingsTestDatabases();
const caller = { owner: ALICE, readScope: undefined };

async function collect(stream: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('ChatService answer deadline', () => {
  let t: ChatTestApp;
  let upstreamSignal: AbortSignal | undefined;

  beforeAll(async () => {
    t = await chatTestApp({
      databases,
      answerTimeoutSeconds: 0.3,
      // An upstream that says one thing and then goes silent until aborted.
      agent: new ScriptedAgent(async function* silentAfterOneChunk(turn) {
        upstreamSignal = turn.signal;
        yield { type: 'text', text: 'Looking at S3.5…' } as AgentEvent;
        await aborted(turn.signal);
      }),
    });
  });

  it('aborts a silent agent at the deadline, ends with a retryable timeout error and stores nothing', async () => {
    const { id } = await t.conversations.create(ALICE, {});
    const turn = await t.chat.prepareTurn(caller, id, { message: 'Fix S3.5' });
    const started = Date.now();
    const events = await collect(turn.stream(new AbortController().signal));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(upstreamSignal?.aborted).toBe(true);
    expect(events.map(e => e.type)).toEqual(['start', 'text', 'error']);
    expect(events[2]).toMatchObject({
      code: 'timeout',
      retryable: true,
      message: expect.stringMatching(/longer than 0.3 seconds/),
    });
    expect((await t.conversations.getSummary(id, ALICE))?.messageCount).toBe(0);
  });

  it('still treats the client going away before the deadline as a stop', async () => {
    const { id } = await t.conversations.create(ALICE, {});
    const turn = await t.chat.prepareTurn(caller, id, { message: 'Fix S3.5' });
    const client = new AbortController();
    const events: ChatEvent[] = [];
    for await (const event of turn.stream(client.signal)) {
      events.push(event);
      if (event.type === 'text') client.abort();
    }
    expect(events.map(e => e.type)).toEqual(['start', 'text', 'done']);
    expect(events[2]).toMatchObject({ stopReason: 'stopped' });
    const stored = await t.conversations.get(id, ALICE);
    expect(stored?.messages.map(m => m.status)).toEqual([
      'complete',
      'stopped',
    ]);
  });
});

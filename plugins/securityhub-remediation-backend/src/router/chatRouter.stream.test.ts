import http from 'http';
import type { AddressInfo } from 'net';
import express from 'express';
import request from 'supertest';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import {
  ChatEventStreamParser,
  SSE_HEARTBEAT,
  parseSseBody,
  type AgentEvent,
  type ChatEvent,
} from '@internal/plugin-securityhub-remediation-common';
import { ChatAgentError } from '@internal/plugin-securityhub-remediation-node';
import {
  ALICE,
  ScriptedAgent,
  aborted,
  asUser,
  chatTestApp,
  type ChatTestApp,
} from '../__testUtils__/chatTestApp';
import { findingsTestDatabases } from '../__testUtils__/testDatabases';
import { INTERNAL_CHAT_ERROR_MESSAGE } from '../services/Chat';
import { createChatRouter } from './chatRouter';

jest.setTimeout(60_000);

const { databases } = findingsTestDatabases();

const text = (chunk: string): AgentEvent => ({ type: 'text', text: chunk });

describe('chat router streams', () => {
  let t: ChatTestApp;

  beforeAll(async () => {
    t = await chatTestApp({
      databases,
      agent: new ScriptedAgent(async function* answer() {
        yield text('unused');
      }),
    });
  });

  beforeEach(async () => {
    t.allow({});
    t.logger.error.mockClear();
    await t.knex('chat_messages').delete();
    await t.knex('chat_conversations').delete();
  });

  async function conversation(): Promise<string> {
    return (await t.conversations.create(ALICE, {})).id;
  }

  async function ask(id: string, message = 'Fix S3.5') {
    const res = await request(t.app)
      .post(`/v1/chat/conversations/${id}/messages`)
      .set(asUser(ALICE))
      .send({ message });
    expect(res.status).toBe(200);
    return { res, events: parseSseBody(res.text) };
  }

  it('ends with an error event and stores nothing when the agent sends a malformed event', async () => {
    t.useAgent(
      new ScriptedAgent(async function* answer() {
        yield text('Half an answer');
        yield { type: 'text', text: 42 } as unknown as AgentEvent;
        yield text('never sent');
      }),
    );
    const id = await conversation();
    const { events } = await ask(id);
    expect(events.map(e => e.type)).toEqual(['start', 'text', 'error']);
    expect(events[2]).toEqual({
      type: 'error',
      code: 'upstream',
      message:
        'The assistant sent a reply the portal could not read. Try again.',
      retryable: true,
    });
    expect(await t.conversations.get(id, ALICE)).toMatchObject({
      messageCount: 0,
      messages: [],
    });
  });

  it('refuses an agent event that only the backend may send', async () => {
    t.useAgent(
      new ScriptedAgent(async function* answer() {
        yield {
          type: 'done',
          conversationId: 'x',
          messageId: 'y',
          stopReason: 'complete',
        } as unknown as AgentEvent;
      }),
    );
    const { events } = await ask(await conversation());
    expect(events.map(e => e.type)).toEqual(['start', 'error']);
  });

  it('passes a throttled agent’s error on, retryable, and stores nothing', async () => {
    t.useAgent(
      new ScriptedAgent(async function* answer() {
        yield text('Looking at S3.5…');
        throw new ChatAgentError(
          'Amazon Bedrock is throttling requests; try again in a minute (agent arn:aws:bedrock:us-east-1:999999999999:agent-alias/A/B)',
          'throttled',
          true,
        );
      }),
    );
    const id = await conversation();
    const { events } = await ask(id);
    expect(events.map(e => e.type)).toEqual(['start', 'text', 'error']);
    expect(events[2]).toEqual({
      type: 'error',
      code: 'throttled',
      message:
        'Amazon Bedrock is throttling requests; try again in a minute (agent (an AWS resource))',
      retryable: true,
    });
    expect((await t.conversations.getSummary(id, ALICE))?.messageCount).toBe(0);
  });

  it('hides an unexpected failure behind a generic error and logs it', async () => {
    const failure = new Error(
      'AccessDeniedException: User arn:aws:sts::999999999999:assumed-role/portal/x is not authorized',
    );
    t.useAgent(
      new ScriptedAgent(async function* answer() {
        throw failure;
      }),
    );
    const id = await conversation();
    const { res, events } = await ask(id);
    expect(events.map(e => e.type)).toEqual(['start', 'error']);
    expect(events[1]).toEqual({
      type: 'error',
      code: 'internal',
      message: INTERNAL_CHAT_ERROR_MESSAGE,
      retryable: false,
    });
    expect(res.text).not.toMatch(/999999999999|AccessDenied|at .*\.ts/);
    expect(t.logger.error).toHaveBeenCalledWith(
      expect.stringMatching(/failed unexpectedly/),
      failure,
    );
    expect((await t.conversations.getSummary(id, ALICE))?.messageCount).toBe(0);
  });

  it('gives the agent the history of earlier turns and stores a question', async () => {
    const agent = new ScriptedAgent(async function* answer(turn) {
      yield text(`answer ${turn.history.length / 2 + 1}`);
      yield {
        type: 'question',
        text: 'Which one?',
        options: [{ label: 'S3.5', value: 'S3.5' }],
      };
    });
    t.useAgent(agent);
    const id = await conversation();
    await ask(id, 'first');
    const { events } = await ask(id, 'second');
    expect(events.map(e => e.type)).toEqual([
      'start',
      'text',
      'question',
      'done',
    ]);
    expect(agent.turns[1]).toMatchObject({
      conversationId: id,
      sessionId: id,
      message: 'second',
      history: [
        { role: 'user', text: 'first' },
        { role: 'assistant', text: 'answer 1' },
      ],
    });
    expect(agent.turns[1].toolbox.names).toEqual([
      'find_control',
      'read_finding',
      'render_remediation',
      'validate_template',
    ]);
    const stored = await t.conversations.get(id, ALICE);
    expect(stored?.title).toBe('first');
    expect(stored?.messages[3].events.map(e => e.type)).toEqual([
      'text',
      'question',
    ]);
  });

  describe('over a real connection', () => {
    let server: http.Server;
    let port: number;

    beforeAll(async () => {
      // As in the backend: the root router compresses every response.
      const middleware = MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      });
      server = http.createServer(
        express().use(middleware.compression()).use(t.app),
      );
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });

    afterAll(async () => {
      await new Promise(r => server.close(r));
    });

    it('aborts the agent when the client disconnects and keeps the answer as stopped', async () => {
      let signal: AbortSignal | undefined;
      let finished!: () => void;
      const agentFinished = new Promise<void>(r => {
        finished = r;
      });
      t.useAgent(
        new ScriptedAgent(async function* answer(turn) {
          signal = turn.signal;
          try {
            yield text('Control S3.5 requires ');
            await aborted(turn.signal);
            yield text('(after the stop)');
          } finally {
            finished();
          }
        }),
      );
      const id = await conversation();

      const received: ChatEvent[] = [];
      await new Promise<void>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: `/v1/chat/conversations/${id}/messages`,
            headers: { ...asUser(ALICE), 'Content-Type': 'application/json' },
          },
          res => {
            const parser = new ChatEventStreamParser();
            res.setEncoding('utf8');
            res.on('data', chunk => {
              received.push(...parser.push(chunk));
              if (received.some(e => e.type === 'text')) {
                req.destroy();
                resolve();
              }
            });
            res.on('error', () => {});
          },
        );
        req.on('error', error => {
          if (received.length === 0) reject(error);
        });
        req.end(JSON.stringify({ message: 'Fix S3.5' }));
      });

      expect(received.map(e => e.type)).toEqual(['start', 'text']);
      await agentFinished;
      expect(signal?.aborted).toBe(true);
      // The stop is stored once the agent returned: what it had said, stopped.
      let stored = await t.conversations.get(id, ALICE);
      for (let i = 0; i < 50 && !stored?.messages.length; i++) {
        await new Promise(r => setTimeout(r, 20));
        stored = await t.conversations.get(id, ALICE);
      }
      expect(stored?.messages.map(m => [m.role, m.status, m.text])).toEqual([
        ['user', 'complete', 'Fix S3.5'],
        ['assistant', 'stopped', 'Control S3.5 requires '],
      ]);
    });

    it('delivers each event as it is written, through compression', async () => {
      let signal: AbortSignal | undefined;
      t.useAgent(
        new ScriptedAgent(async function* answer(turn) {
          signal = turn.signal;
          yield text('The first chunk');
          // Nothing more until the client leaves: only a flushed first
          // chunk can reach it.
          await aborted(turn.signal);
        }),
      );
      const id = await conversation();
      const response = await fetch(
        `http://127.0.0.1:${port}/v1/chat/conversations/${id}/messages`,
        {
          method: 'POST',
          headers: {
            ...asUser(ALICE),
            'Content-Type': 'application/json',
            'Accept-Encoding': 'gzip',
          },
          body: JSON.stringify({ message: 'Fix S3.5' }),
        },
      );
      // `Cache-Control: no-transform` keeps compression off; the flush after
      // each event covers a compressing proxy that ignores it.
      expect(response.headers.get('cache-control')).toBe(
        'no-cache, no-transform',
      );
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      const parser = new ChatEventStreamParser();
      const received: ChatEvent[] = [];
      while (!received.some(e => e.type === 'text')) {
        const { value, done } = await reader.read();
        if (done) break;
        received.push(...parser.push(decoder.decode(value, { stream: true })));
      }
      expect(received.map(e => e.type)).toEqual(['start', 'text']);
      await reader.cancel();
      await aborted(signal!);
    });
  });

  it('sends a heartbeat comment while the agent is silent', async () => {
    const app = express()
      .use(
        createChatRouter({
          chat: t.chat,
          httpAuth: t.httpAuth,
          permissions: t.permissions,
          transformConditions: () => ({ awsAccountIds: [] }),
          heartbeatMs: 20,
        }),
      )
      .use(mockErrorHandler());
    t.useAgent(
      new ScriptedAgent(async function* answer() {
        await new Promise(r => setTimeout(r, 120));
        yield text('done thinking');
      }),
    );
    const id = await conversation();
    const res = await request(app)
      .post(`/conversations/${id}/messages`)
      .set(asUser(ALICE))
      .send({ message: 'Fix S3.5' });
    expect(res.text.split(SSE_HEARTBEAT).length - 1).toBeGreaterThanOrEqual(2);
    expect(parseSseBody(res.text).map(e => e.type)).toEqual([
      'start',
      'text',
      'done',
    ]);
  });
});

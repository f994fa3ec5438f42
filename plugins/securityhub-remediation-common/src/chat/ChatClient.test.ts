import {
  CHAT_STREAM_CUT_MESSAGE,
  ChatRequestError,
  SecurityHubChatClient,
} from './ChatClient';
import type { ChatEvent } from './events';
import { encodeSseEvent } from './sse';

const BASE_URL = 'http://backstage.test/api/securityhub-remediation';
const CONVERSATION_ID = '3f2b8a4e-7c1d-4e2a-9b5f-0a1b2c3d4e5f';

const start: ChatEvent = {
  type: 'start',
  conversationId: CONVERSATION_ID,
  messageId: 'm1',
  agent: 'local',
};
const done: ChatEvent = {
  type: 'done',
  conversationId: CONVERSATION_ID,
  messageId: 'm1',
  stopReason: 'complete',
};

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** An SSE response whose body arrives in exactly these byte chunks. */
function streamResponse(chunks: Uint8Array[]): Response {
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(chunks[index++]);
      else controller.close();
    },
  });
  return new Response(body, {
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

/** Cuts the encoded text into pieces of `size` bytes (splitting characters). */
function cut(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    chunks.push(bytes.slice(i, i + size));
  }
  return chunks;
}

function setup(response: Response | (() => Response)) {
  const fetch = jest.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) =>
      typeof response === 'function' ? response() : response,
  );
  const getBaseUrl = jest.fn(async (_pluginId: string) => BASE_URL);
  const client = new SecurityHubChatClient({
    discoveryApi: { getBaseUrl },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  const call = (n = 0) => ({
    url: String(fetch.mock.calls[n][0]),
    init: fetch.mock.calls[n][1] ?? {},
  });
  return { client, fetch, getBaseUrl, call };
}

describe('SecurityHubChatClient', () => {
  it('lists conversations from the items envelope', async () => {
    const summary = {
      id: CONVERSATION_ID,
      title: 'S3.5',
      findingId: null,
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-01T00:00:00Z',
      messageCount: 2,
    };
    const listed = setup(jsonResponse({ items: [summary] }));
    await expect(listed.client.listConversations()).resolves.toEqual([summary]);
    expect(listed.getBaseUrl).toHaveBeenCalledWith('securityhub-remediation');
    expect(listed.call().url).toBe(`${BASE_URL}/v1/chat/conversations`);
    expect(listed.call().init.method).toBe('GET');
  });

  it('creates, renames and deletes with the right methods, paths and bodies', async () => {
    const created = setup(jsonResponse({ id: CONVERSATION_ID }, 201));
    await created.client.createConversation({ findingId: 'arn:aws:x/y' });
    expect(created.call().url).toBe(`${BASE_URL}/v1/chat/conversations`);
    expect(created.call().init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ findingId: 'arn:aws:x/y' }),
    });

    const renamed = setup(jsonResponse({ id: CONVERSATION_ID, title: 'New' }));
    await renamed.client.renameConversation(CONVERSATION_ID, 'New');
    expect(renamed.call().url).toBe(
      `${BASE_URL}/v1/chat/conversations/${CONVERSATION_ID}`,
    );
    expect(renamed.call().init).toMatchObject({
      method: 'PATCH',
      body: '{"title":"New"}',
    });

    const deleted = setup(new Response(null, { status: 204 }));
    await expect(
      deleted.client.deleteConversation('a/b'),
    ).resolves.toBeUndefined();
    expect(deleted.call().url).toBe(`${BASE_URL}/v1/chat/conversations/a%2Fb`);
    expect(deleted.call().init.method).toBe('DELETE');
  });

  it("throws the server's message and status for an error body", async () => {
    const { client } = setup(
      jsonResponse(
        {
          error: { name: 'NotFoundError', message: 'No such conversation' },
          response: { statusCode: 404 },
        },
        404,
      ),
    );
    const error = await client
      .getConversation(CONVERSATION_ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatRequestError);
    expect(error).toMatchObject({
      message: 'No such conversation',
      statusCode: 404,
      remoteName: 'NotFoundError',
      retryable: false,
    });
  });

  it('falls back to the status when the error body is not JSON', async () => {
    const { client } = setup(
      new Response('<html>Bad gateway</html>', {
        status: 502,
        statusText: 'Bad Gateway',
      }),
    );
    const error = (await client
      .listConversations()
      .catch((e: unknown) => e)) as ChatRequestError;
    expect(error.message).toBe('Request failed with 502 Bad Gateway');
    expect(error.retryable).toBe(true);
  });

  it('reads events split across chunk boundaries, one at a time, in order', async () => {
    const events: ChatEvent[] = [
      start,
      { type: 'text', text: 'Control **DMS.1** — réplication publique ✓' },
      {
        type: 'citation',
        id: 'control:DMS.1',
        title: 'DMS.1',
        source: 'control-catalog',
        url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/dms-controls.html',
      },
      done,
    ];
    // 7-byte chunks cut field names, JSON and multi-byte characters apart.
    const body = `: keep-alive\n\n${events.map(encodeSseEvent).join('')}`;
    const { client, call } = setup(streamResponse(cut(body, 7)));
    const received: ChatEvent[] = [];

    const end = await client.sendMessage(
      CONVERSATION_ID,
      { message: 'Is DMS.1 automated?' },
      { onEvent: event => received.push(event) },
    );

    expect(received).toEqual(events);
    expect(end).toEqual(done);
    expect(call().url).toBe(
      `${BASE_URL}/v1/chat/conversations/${CONVERSATION_ID}/messages`,
    );
    expect(call().init).toMatchObject({
      method: 'POST',
      headers: { Accept: 'text/event-stream' },
      body: '{"message":"Is DMS.1 automated?"}',
    });
  });

  it('yields each event before the rest of the stream has arrived', async () => {
    let release!: () => void;
    const gate = new Promise<void>(resolve => {
      release = resolve;
    });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(encodeSseEvent(start)));
        await gate;
        controller.enqueue(encoder.encode(encodeSseEvent(done)));
        controller.close();
      },
    });
    const { client } = setup(new Response(body));

    const iterator = client.streamMessage(CONVERSATION_ID, { message: 'hi' });
    await expect(iterator.next()).resolves.toEqual({
      value: start,
      done: false,
    });
    release();
    await expect(iterator.next()).resolves.toEqual({
      value: done,
      done: false,
    });
    await expect(iterator.next()).resolves.toEqual({
      value: undefined,
      done: true,
    });
  });

  it('passes an error event through as the end of the answer', async () => {
    const error: ChatEvent = {
      type: 'error',
      code: 'throttled',
      message: 'Bedrock is throttling requests',
      retryable: true,
    };
    const { client } = setup(
      streamResponse(cut(encodeSseEvent(start) + encodeSseEvent(error), 13)),
    );
    await expect(
      client.sendMessage(CONVERSATION_ID, { message: 'hi' }),
    ).resolves.toEqual(error);
  });

  it('ends a stream cut short with a retryable error', async () => {
    const text: ChatEvent = { type: 'text', text: 'Half an ans' };
    const { client } = setup(
      streamResponse(
        cut(`${encodeSseEvent(start)}${encodeSseEvent(text)}event: te`, 5),
      ),
    );
    const received: ChatEvent[] = [];

    const end = await client.sendMessage(
      CONVERSATION_ID,
      { message: 'hi' },
      { onEvent: event => received.push(event) },
    );

    expect(end).toEqual({
      type: 'error',
      code: 'upstream',
      message: CHAT_STREAM_CUT_MESSAGE,
      retryable: true,
    });
    expect(received).toEqual([start, text, end]);
  });

  it('ends with a non-retryable error on an event that is not a chat event', async () => {
    const { client } = setup(
      streamResponse(
        cut(
          `${encodeSseEvent(start)}event: text\ndata: {"type":"text"}\n\n`,
          9,
        ),
      ),
    );
    const end = await client.sendMessage(CONVERSATION_ID, { message: 'hi' });
    expect(end).toMatchObject({
      type: 'error',
      code: 'internal',
      retryable: false,
    });
    expect((end as { message: string }).message).toMatch(/could not be read/);
  });

  it('rejects with the server message when the message is refused', async () => {
    const { client } = setup(
      jsonResponse(
        {
          error: {
            name: 'InputError',
            message: 'message: must be at most 8000 characters',
          },
        },
        400,
      ),
    );
    await expect(
      client.sendMessage(CONVERSATION_ID, { message: 'x' }),
    ).rejects.toMatchObject({
      name: 'ChatRequestError',
      statusCode: 400,
      message: 'message: must be at most 8000 characters',
    });
  });

  it('stops reading and rejects when the signal is aborted mid-answer', async () => {
    const controller = new AbortController();
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(new TextEncoder().encode(encodeSseEvent(start)));
        controller.signal.addEventListener('abort', () =>
          stream.error(controller.signal.reason),
        );
      },
      cancel() {
        cancelled = true;
      },
    });
    const { client, call } = setup(new Response(body));
    const received: ChatEvent[] = [];

    const sending = client.sendMessage(
      CONVERSATION_ID,
      { message: 'hi' },
      {
        signal: controller.signal,
        onEvent: event => {
          received.push(event);
          if (event.type === 'start') controller.abort();
        },
      },
    );

    await expect(sending).rejects.toMatchObject({ name: 'AbortError' });
    expect(received).toEqual([start]);
    expect(call().init.signal).toBe(controller.signal);
    // An errored stream is not cancelled again; the fetch signal did it.
    expect(cancelled).toBe(false);
  });

  it('cancels the download when the consumer stops iterating', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(new TextEncoder().encode(encodeSseEvent(start)));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { client } = setup(new Response(body));

    for await (const event of client.streamMessage(CONVERSATION_ID, {
      message: 'hi',
    })) {
      expect(event).toEqual(start);
      break;
    }
    expect(cancelled).toBe(true);
  });
});

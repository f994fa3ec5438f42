import type {
  ChatEvent,
  ChatMessageRequest,
  ChatStreamEnd,
  Conversation,
  ConversationSummary,
  SecurityHubChatApi,
  SendChatMessageOptions,
} from '@internal/plugin-securityhub-remediation-common';

export const CONVERSATION_ID = '3f2b8a4e-7c1d-4e2a-9b5f-0a1b2c3d4e5f';

/** One answer the test streams by hand, event by event. */
export interface FakeStream {
  conversationId: string;
  request: ChatMessageRequest;
  signal?: AbortSignal;
  /** Delivers an event as the client would (without ending the stream). */
  emit(event: ChatEvent): void;
  /** Ends the answer with `done` (or the given `error`). */
  end(event?: ChatStreamEnd): void;
  /** Rejects as the client does when the backend refuses the request. */
  fail(error: Error): void;
}

export function summaryOf(
  overrides: Partial<ConversationSummary> = {},
): ConversationSummary {
  return {
    id: CONVERSATION_ID,
    title: 'S3.5 template',
    findingId: null,
    createdAt: '2025-01-01T10:00:00Z',
    updatedAt: '2025-01-01T10:05:00Z',
    messageCount: 2,
    ...overrides,
  };
}

/**
 * A chat API whose answers the test streams: each `sendMessage` waits until
 * the test takes its stream with `nextStream()` and ends it. Aborting the
 * signal rejects with an AbortError, as the real client does.
 */
export function fakeChatApi(
  options: {
    conversations?: ConversationSummary[];
    stored?: Record<string, Conversation>;
  } = {},
) {
  let conversations = [...(options.conversations ?? [])];
  const waiting: Array<(stream: FakeStream) => void> = [];
  const pending: FakeStream[] = [];

  const api = {
    listConversations: jest.fn(async () => conversations),
    createConversation: jest.fn(
      async (request: { title?: string; findingId?: string } = {}) => {
        const created = summaryOf({
          id: CONVERSATION_ID,
          title: request.title ?? 'New conversation',
          findingId: request.findingId ?? null,
          messageCount: 0,
        });
        conversations = [created, ...conversations];
        return created;
      },
    ),
    getConversation: jest.fn(async (id: string) => {
      const stored = options.stored?.[id];
      if (!stored) throw new Error(`No conversation ${id}`);
      return stored;
    }),
    renameConversation: jest.fn(async (id: string, title: string) => {
      conversations = conversations.map(c =>
        c.id === id ? { ...c, title } : c,
      );
      return conversations.find(c => c.id === id)!;
    }),
    deleteConversation: jest.fn(async (id: string) => {
      conversations = conversations.filter(c => c.id !== id);
    }),
    sendMessage: jest.fn(
      (
        conversationId: string,
        request: ChatMessageRequest,
        sendOptions: SendChatMessageOptions = {},
      ) =>
        new Promise<ChatStreamEnd>((resolve, reject) => {
          const stream: FakeStream = {
            conversationId,
            request,
            signal: sendOptions.signal,
            emit: event => sendOptions.onEvent?.(event),
            end: (event = doneEvent()) => {
              sendOptions.onEvent?.(event);
              resolve(event);
            },
            fail: reject,
          };
          sendOptions.signal?.addEventListener('abort', () =>
            reject(
              new DOMException('The user aborted a request.', 'AbortError'),
            ),
          );
          const taker = waiting.shift();
          if (taker) taker(stream);
          else pending.push(stream);
        }),
    ),
  } satisfies SecurityHubChatApi;

  /** The next answer requested (waits for it). */
  const nextStream = () =>
    new Promise<FakeStream>(resolve => {
      const stream = pending.shift();
      if (stream) resolve(stream);
      else waiting.push(resolve);
    });

  return { api, nextStream };
}

export function startEvent(agent = 'local'): ChatEvent {
  return {
    type: 'start',
    conversationId: CONVERSATION_ID,
    messageId: 'message-1',
    agent,
  };
}

export function doneEvent(
  stopReason: 'complete' | 'stopped' = 'complete',
): ChatStreamEnd {
  return {
    type: 'done',
    conversationId: CONVERSATION_ID,
    messageId: 'message-1',
    stopReason,
  };
}

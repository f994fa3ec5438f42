import {
  BackendRequestError,
  backendRequest,
  type BackendClientOptions,
  type BackendRequestInit,
} from '../http';
import type {
  ChatMessageRequest,
  Conversation,
  ConversationSummary,
  CreateConversationRequest,
} from './conversations';
import type { ChatError, ChatEvent, ChatEventOf } from './events';
import { ChatEventStreamParser } from './sse';

/** The two Backstage APIs the client needs. */
export type SecurityHubChatClientOptions = BackendClientOptions;

/** How one streamed answer is consumed. */
export interface SendChatMessageOptions {
  /** Aborting it stops the answer: the request is cancelled, the backend stops the agent. */
  signal?: AbortSignal;
  /** Called with every event in order, as soon as it has arrived whole. */
  onEvent?: (event: ChatEvent) => void;
}

/** The event that ended a stream. */
export type ChatStreamEnd = ChatEventOf<'done'> | ChatError;

/**
 * The remediation chat of the securityhub-remediation backend.
 *
 * @public
 */
export interface SecurityHubChatApi {
  /** The signed-in user's conversations, most recent first. */
  listConversations(): Promise<ConversationSummary[]>;
  createConversation(
    request?: CreateConversationRequest,
  ): Promise<ConversationSummary>;
  /** One conversation with its messages; rejects with status 404 if it is not the user's. */
  getConversation(id: string): Promise<Conversation>;
  renameConversation(id: string, title: string): Promise<ConversationSummary>;
  deleteConversation(id: string): Promise<void>;
  /**
   * Sends a message and reads the answer as it streams. Resolves with the
   * `done` or `error` event that ended it; a stream cut short ends with a
   * synthetic retryable `error`. Rejects (with a {@link ChatRequestError})
   * when the backend refuses the request, and with the abort reason when
   * `signal` is aborted.
   */
  sendMessage(
    conversationId: string,
    request: ChatMessageRequest,
    options?: SendChatMessageOptions,
  ): Promise<ChatStreamEnd>;
}

/**
 * A request the backend answered with an error status; `message` is the
 * backend's own (from the Backstage error body `{ error: { name, message } }`).
 *
 * @public
 */
export class ChatRequestError extends BackendRequestError {
  name = 'ChatRequestError';
}

/** Message of the error that ends a stream closed before `done` or `error`. */
export const CHAT_STREAM_CUT_MESSAGE =
  'The connection closed before the answer finished.';

/**
 * HTTP client of the chat routes (`/v1/chat/…`), usable by the frontend (with
 * Backstage's discovery and fetch APIs, so requests carry the user's token)
 * and by any other TypeScript caller.
 *
 * @public
 */
export class SecurityHubChatClient implements SecurityHubChatApi {
  private readonly discoveryApi: SecurityHubChatClientOptions['discoveryApi'];
  private readonly fetchApi: SecurityHubChatClientOptions['fetchApi'];

  constructor(options: SecurityHubChatClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listConversations(): Promise<ConversationSummary[]> {
    const body = await this.json<{ items: ConversationSummary[] }>(
      '/conversations',
    );
    return body.items;
  }

  async createConversation(
    request: CreateConversationRequest = {},
  ): Promise<ConversationSummary> {
    return this.json('/conversations', { method: 'POST', body: request });
  }

  async getConversation(id: string): Promise<Conversation> {
    return this.json(conversationPath(id));
  }

  async renameConversation(
    id: string,
    title: string,
  ): Promise<ConversationSummary> {
    return this.json(conversationPath(id), {
      method: 'PATCH',
      body: { title },
    });
  }

  async deleteConversation(id: string): Promise<void> {
    await this.request(conversationPath(id), { method: 'DELETE' });
  }

  async sendMessage(
    conversationId: string,
    request: ChatMessageRequest,
    options: SendChatMessageOptions = {},
  ): Promise<ChatStreamEnd> {
    for await (const event of this.streamMessage(
      conversationId,
      request,
      options.signal,
    )) {
      options.onEvent?.(event);
      if (event.type === 'done' || event.type === 'error') return event;
    }
    // streamMessage always ends with done or error.
    throw new Error(CHAT_STREAM_CUT_MESSAGE);
  }

  /**
   * The answer's events as an async iterator; the last one is always `done`
   * or `error`. Breaking out of the loop cancels the request.
   */
  async *streamMessage(
    conversationId: string,
    request: ChatMessageRequest,
    signal?: AbortSignal,
  ): AsyncGenerator<ChatEvent, void, undefined> {
    const response = await this.request(
      `${conversationPath(conversationId)}/messages`,
      {
        method: 'POST',
        body: request,
        headers: { Accept: 'text/event-stream' },
        signal,
      },
    );
    if (!response.body) {
      yield streamError('upstream', 'The answer arrived without a body.');
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parser = new ChatEventStreamParser();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        // Stream mode keeps a multi-byte character split across chunks whole.
        const text = done
          ? decoder.decode()
          : decoder.decode(value, { stream: true });
        let events: ChatEvent[];
        try {
          events = parser.push(text);
        } catch (error) {
          yield streamError(
            'internal',
            `The server sent an event that could not be read: ${messageOf(
              error,
            )}`,
            false,
          );
          return;
        }
        for (const event of events) {
          yield event;
          if (event.type === 'done' || event.type === 'error') return;
        }
        if (done) break;
      }
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      yield streamError(
        'upstream',
        `${CHAT_STREAM_CUT_MESSAGE} (${messageOf(error)})`,
      );
      return;
    } finally {
      // Stops the download when the consumer leaves early; a no-op at the end.
      reader.cancel().catch(() => {});
    }
    yield streamError('upstream', CHAT_STREAM_CUT_MESSAGE);
  }

  private async json<T>(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<T> {
    const response = await this.request(path, init);
    return (await response.json()) as T;
  }

  private request(
    path: string,
    init: BackendRequestInit = {},
  ): Promise<Response> {
    return backendRequest(
      { discoveryApi: this.discoveryApi, fetchApi: this.fetchApi },
      `/v1/chat${path}`,
      init,
      (message, status, name) => new ChatRequestError(message, status, name),
    );
  }
}

function conversationPath(id: string): string {
  return `/conversations/${encodeURIComponent(id)}`;
}

function streamError(
  code: ChatError['code'],
  message: string,
  retryable = true,
): ChatError {
  return { type: 'error', code, message, retryable };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

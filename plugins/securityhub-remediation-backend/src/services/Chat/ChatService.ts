import { randomUUID } from 'crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  chatEventSchema,
  type AgentEvent,
  type ChatEvent,
  type ChatMessageRequest,
  type Conversation,
  type ConversationSummary,
  type CreateConversationRequest,
  type FindingDetail,
  titleFromMessage,
} from '@internal/plugin-securityhub-remediation-common';
import {
  createChatToolbox,
  type RemediationAgent,
  type RemediationEngine,
} from '@internal/plugin-securityhub-remediation-node';
import type { FindingScope, FindingsStore } from '../FindingsStore';
import type { ConversationStore, HistoryMessage } from './ConversationStore';
import { MALFORMED_EVENT_MESSAGE, chatErrorFor } from './chatErrors';

/**
 * Who is chatting: conversations belong to `owner` (the user's entity ref);
 * findings are read with `readScope` (`'none'` when the user may read none).
 */
export interface ChatCaller {
  owner: string;
  readScope: FindingScope | 'none';
}

export interface ChatServiceOptions {
  conversations: ConversationStore;
  findings: Pick<FindingsStore, 'get'>;
  engine: RemediationEngine;
  agent: RemediationAgent;
  limits: {
    maxRepairRounds: number;
    maxToolCalls: number;
    answerTimeoutSeconds: number;
  };
  logger: LoggerService;
  /** Earlier turns given to the agent. Default 10. */
  historyTurns?: number;
}

/** A turn that passed its checks; streaming it runs the agent. */
export interface PreparedChatTurn {
  conversationId: string;
  messageId: string;
  /**
   * The answer's events: `start` first, then the agent's, then `done` or
   * `error`. Never throws. Aborting `signal` stops the agent; what it said so
   * far is stored as a stopped answer.
   */
  stream(signal: AbortSignal): AsyncGenerator<ChatEvent>;
}

const BACKEND_EVENT_TYPES = new Set(['start', 'done', 'error']);

/** The remediation chat: conversations per user and one answer at a time. */
export class ChatService {
  private readonly historyTurns: number;

  constructor(private readonly options: ChatServiceOptions) {
    this.historyTurns = options.historyTurns ?? 10;
  }

  listConversations(caller: ChatCaller): Promise<ConversationSummary[]> {
    return this.options.conversations.list(caller.owner);
  }

  async createConversation(
    caller: ChatCaller,
    input: CreateConversationRequest,
  ): Promise<ConversationSummary> {
    // A conversation about a finding the user may not read is refused now,
    // not on its first message.
    if (input.findingId) await this.readFindingOrThrow(caller, input.findingId);
    return this.options.conversations.create(caller.owner, input);
  }

  async getConversation(caller: ChatCaller, id: string): Promise<Conversation> {
    const conversation = await this.options.conversations.get(id, caller.owner);
    if (!conversation) throw conversationNotFound(id);
    return conversation;
  }

  async renameConversation(
    caller: ChatCaller,
    id: string,
    title: string,
  ): Promise<ConversationSummary> {
    const renamed = await this.options.conversations.rename(
      id,
      caller.owner,
      title,
    );
    if (!renamed) throw conversationNotFound(id);
    return renamed;
  }

  async deleteConversation(caller: ChatCaller, id: string): Promise<void> {
    const deleted = await this.options.conversations.delete(id, caller.owner);
    if (!deleted) throw conversationNotFound(id);
  }

  /**
   * Checks everything a turn needs before anything is streamed: the
   * conversation is the caller's, the finding in context is readable.
   * Throws NotFoundError otherwise.
   */
  async prepareTurn(
    caller: ChatCaller,
    conversationId: string,
    request: ChatMessageRequest,
  ): Promise<PreparedChatTurn> {
    const { conversations } = this.options;
    const conversation = await conversations.getSummary(
      conversationId,
      caller.owner,
    );
    if (!conversation) throw conversationNotFound(conversationId);
    const findingId = request.findingId ?? conversation.findingId ?? undefined;
    const finding = findingId
      ? await this.readFindingOrThrow(caller, findingId)
      : undefined;
    const history = await conversations.history(
      conversationId,
      caller.owner,
      this.historyTurns,
    );
    const messageId = randomUUID();
    const turn: TurnContext = {
      caller,
      conversationId,
      messageId,
      message: request.message,
      finding,
      history,
      isFirst: conversation.messageCount === 0,
    };
    return {
      conversationId,
      messageId,
      stream: signal => this.stream(turn, signal),
    };
  }

  private async *stream(
    turn: TurnContext,
    signal: AbortSignal,
  ): AsyncGenerator<ChatEvent> {
    const { agent, limits } = this.options;
    yield {
      type: 'start',
      conversationId: turn.conversationId,
      messageId: turn.messageId,
      agent: agent.kind,
    };

    // An upstream that stops sending must not hold the stream open forever:
    // past the deadline the agent is aborted like a stop, and the answer
    // ends with a timeout error.
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(),
      limits.answerTimeoutSeconds * 1000,
    );
    try {
      yield* this.answer(
        turn,
        AbortSignal.any([signal, deadline.signal]),
        deadline.signal,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private async *answer(
    turn: TurnContext,
    signal: AbortSignal,
    deadline: AbortSignal,
  ): AsyncGenerator<ChatEvent> {
    const { agent, engine, limits, logger } = this.options;
    const ids = {
      conversationId: turn.conversationId,
      messageId: turn.messageId,
    };

    const toolbox = createChatToolbox({
      engine,
      // Every read the agent asks for runs with the user's own scope.
      readFinding: id => this.readFinding(turn.caller, id),
      maxRepairRounds: limits.maxRepairRounds,
      maxCalls: limits.maxToolCalls,
    });
    const answer: AgentEvent[] = [];
    try {
      const events = agent.respond({
        conversationId: turn.conversationId,
        sessionId: turn.conversationId,
        message: turn.message,
        history: turn.history,
        finding: turn.finding,
        toolbox,
        signal,
      });
      for await (const raw of events) {
        if (signal.aborted) break;
        const parsed = chatEventSchema.safeParse(raw);
        if (!parsed.success || BACKEND_EVENT_TYPES.has(parsed.data.type)) {
          logger.warn(
            `Chat agent ${agent.kind} sent an invalid event for message ${
              turn.messageId
            }: ${
              parsed.success
                ? `type ${parsed.data.type} is the backend's`
                : parsed.error.message.slice(0, 1000)
            }`,
          );
          yield {
            type: 'error',
            code: 'upstream',
            message: MALFORMED_EVENT_MESSAGE,
            retryable: true,
          };
          return;
        }
        const event = parsed.data as AgentEvent;
        answer.push(event);
        yield event;
      }
    } catch (error) {
      // A stopped agent may throw (an aborted upstream call): that is a stop.
      if (!signal.aborted) {
        yield chatErrorFor(error, logger, ids);
        return;
      }
    }
    if (deadline.aborted) {
      logger.warn(
        `Chat answer ${turn.messageId} stopped after ${limits.answerTimeoutSeconds} s`,
      );
      yield {
        type: 'error',
        code: 'timeout',
        message: `The answer took longer than ${limits.answerTimeoutSeconds} seconds and was stopped; nothing was saved. Try again, or ask a narrower question.`,
        retryable: true,
      };
      return;
    }

    const stopReason = signal.aborted ? 'stopped' : 'complete';
    try {
      const stored = await this.options.conversations.appendTurn(
        turn.conversationId,
        turn.caller.owner,
        { id: randomUUID(), text: turn.message, status: 'complete' },
        {
          id: turn.messageId,
          text: answer
            .flatMap(event => (event.type === 'text' ? [event.text] : []))
            .join(''),
          events: answer,
          status: stopReason,
        },
        {
          titleFromMessage: turn.isFirst
            ? titleFromMessage(turn.message)
            : undefined,
        },
      );
      if (!stored) {
        yield {
          type: 'error',
          code: 'not-found',
          message:
            'The conversation was deleted while the answer was written; the answer was not saved.',
          retryable: false,
        };
        return;
      }
    } catch (error) {
      yield chatErrorFor(error, logger, ids);
      return;
    }
    yield { type: 'done', ...ids, stopReason };
  }

  private async readFinding(
    caller: ChatCaller,
    findingId: string,
  ): Promise<FindingDetail | undefined> {
    if (caller.readScope === 'none') return undefined;
    return this.options.findings.get(findingId, caller.readScope);
  }

  private async readFindingOrThrow(
    caller: ChatCaller,
    findingId: string,
  ): Promise<FindingDetail> {
    const finding = await this.readFinding(caller, findingId);
    // Out of scope reads as absent: the finding's existence is not disclosed.
    if (!finding) throw new NotFoundError(`No finding with id ${findingId}`);
    return finding;
  }
}

interface TurnContext {
  caller: ChatCaller;
  conversationId: string;
  messageId: string;
  message: string;
  finding?: FindingDetail;
  history: HistoryMessage[];
  isFirst: boolean;
}

function conversationNotFound(id: string): NotFoundError {
  return new NotFoundError(`No conversation with id ${id}`);
}

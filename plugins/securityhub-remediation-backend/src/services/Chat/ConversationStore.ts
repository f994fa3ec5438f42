import type {
  ChatEvent,
  ChatMessageStatus,
  Conversation,
  ConversationSummary,
} from '@internal/plugin-securityhub-remediation-common';

/** Title of a conversation until its first message names it. */
export const DEFAULT_CONVERSATION_TITLE = 'New conversation';

/** A message to store; ids are chosen by the caller (the stream announces them first). */
export interface NewChatMessage {
  id: string;
  text: string;
  /** The assistant's events (none for the user's message). */
  events?: ChatEvent[];
  status: ChatMessageStatus;
}

/** One earlier message, as an agent reads it. */
export interface HistoryMessage {
  role: 'user' | 'assistant';
  text: string;
  /** When the message was stored (ISO 8601). */
  at: string;
}

/**
 * Conversations of the remediation chat. Every method takes the owner (the
 * user's entity ref): another user's conversation is indistinguishable from
 * one that does not exist.
 */
export interface ConversationStore {
  create(
    owner: string,
    input: { title?: string; findingId?: string },
  ): Promise<ConversationSummary>;
  /** The owner's conversations, most recently updated first. */
  list(
    owner: string,
    options?: { limit?: number },
  ): Promise<ConversationSummary[]>;
  /** The conversation without its messages. */
  getSummary(
    id: string,
    owner: string,
  ): Promise<ConversationSummary | undefined>;
  /** The conversation with all of its messages, in order. */
  get(id: string, owner: string): Promise<Conversation | undefined>;
  rename(
    id: string,
    owner: string,
    title: string,
  ): Promise<ConversationSummary | undefined>;
  /** True when a conversation was deleted (with its messages). */
  delete(id: string, owner: string): Promise<boolean>;
  /**
   * Stores one turn, the user's message then the assistant's answer, in one
   * transaction: both or neither. `titleFromMessage` replaces the title only
   * while it is still the default one. False when the conversation is gone
   * (or not the owner's).
   */
  appendTurn(
    conversationId: string,
    owner: string,
    userMessage: NewChatMessage,
    assistantMessage: NewChatMessage,
    options?: { titleFromMessage?: string },
  ): Promise<boolean>;
  /** The last `maxTurns` turns' text, oldest first, for the agent. */
  history(
    conversationId: string,
    owner: string,
    maxTurns: number,
  ): Promise<HistoryMessage[]>;
}

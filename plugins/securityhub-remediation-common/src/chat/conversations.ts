import { z } from 'zod';
import type { ChatEvent } from './events';

/** Longest user message accepted, in characters. */
export const MAX_CHAT_MESSAGE_CHARS = 8000;
/** Longest conversation title, in characters. */
export const MAX_CONVERSATION_TITLE_CHARS = 200;

const findingIdSchema = z
  .string()
  .min(1)
  .max(512, 'must be at most 512 characters')
  .refine(
    id => ![...id].some(c => c.charCodeAt(0) < 0x20),
    'must not contain control characters',
  );

/** `POST /v1/chat/conversations` */
export const createConversationRequestSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1)
      .max(MAX_CONVERSATION_TITLE_CHARS)
      .optional(),
    /** The finding the conversation is about (read as the user). */
    findingId: findingIdSchema.optional(),
  })
  .strict();

/** `PATCH /v1/chat/conversations/:id` */
export const renameConversationRequestSchema = z
  .object({
    title: z.string().trim().min(1).max(MAX_CONVERSATION_TITLE_CHARS),
  })
  .strict();

/** `POST /v1/chat/conversations/:id/messages` (answered as server-sent events) */
export const chatMessageRequestSchema = z
  .object({
    message: z
      .string()
      .max(
        MAX_CHAT_MESSAGE_CHARS,
        `must be at most ${MAX_CHAT_MESSAGE_CHARS} characters`,
      )
      .refine(text => text.trim().length > 0, 'must not be empty'),
    /** Overrides the conversation's finding for this message. */
    findingId: findingIdSchema.optional(),
  })
  .strict();

export const conversationIdSchema = z
  .string()
  .uuid('must be a conversation id (a UUID)');

export type CreateConversationRequest = z.infer<
  typeof createConversationRequestSchema
>;
export type ChatMessageRequest = z.infer<typeof chatMessageRequestSchema>;

/** @public */
export interface ConversationSummary {
  id: string;
  title: string;
  findingId: string | null;
  createdAt: string;
  updatedAt: string;
  messageCount: number;
}

/** How an assistant message ended. */
export type ChatMessageStatus = 'complete' | 'stopped' | 'error';

/** @public */
export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  /** The user's text, or the assistant's markdown (its text events joined). */
  text: string;
  /** The assistant's events as streamed (without `start` / `done`). */
  events: ChatEvent[];
  status: ChatMessageStatus;
  createdAt: string;
}

/** @public */
export interface Conversation extends ConversationSummary {
  messages: ChatMessage[];
}

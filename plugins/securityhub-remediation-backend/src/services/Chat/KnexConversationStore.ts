import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import type {
  ChatEvent,
  ChatMessage,
  ChatMessageStatus,
  Conversation,
  ConversationSummary,
} from '@internal/plugin-securityhub-remediation-common';
import {
  DEFAULT_CONVERSATION_TITLE,
  type ConversationStore,
  type HistoryMessage,
  type NewChatMessage,
} from './ConversationStore';

/** Most conversations one listing returns. */
export const MAX_CONVERSATIONS_LISTED = 200;

interface ConversationRow {
  id: string;
  owner: string;
  title: string;
  finding_id: string | null;
  created_at: string | Date;
  updated_at: string | Date;
  message_count?: number | string;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  role: string;
  text: string;
  events: string;
  status: string;
  created_at: string | Date;
}

/** PostgreSQL returns Date, SQLite the ISO string that was written. */
function toIso(value: string | Date): string {
  return new Date(value).toISOString();
}

function toSummary(row: ConversationRow): ConversationSummary {
  return {
    id: row.id,
    title: row.title,
    findingId: row.finding_id,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    messageCount: Number(row.message_count ?? 0),
  };
}

function toMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    role: row.role === 'assistant' ? 'assistant' : 'user',
    text: row.text,
    events: JSON.parse(row.events) as ChatEvent[],
    status: row.status as ChatMessageStatus,
    createdAt: toIso(row.created_at),
  };
}

/** {@link ConversationStore} on the plugin's database (SQLite or PostgreSQL). */
export class KnexConversationStore implements ConversationStore {
  constructor(private readonly db: Knex) {}

  private summaries(db: Knex | Knex.Transaction = this.db) {
    return db('chat_conversations as c').select(
      'c.id',
      'c.owner',
      'c.title',
      'c.finding_id',
      'c.created_at',
      'c.updated_at',
      db('chat_messages as m')
        .count('*')
        .where('m.conversation_id', db.ref('c.id'))
        .as('message_count'),
    );
  }

  async create(
    owner: string,
    input: { title?: string; findingId?: string },
  ): Promise<ConversationSummary> {
    const now = new Date().toISOString();
    const row: ConversationRow = {
      id: randomUUID(),
      owner,
      title: input.title ?? DEFAULT_CONVERSATION_TITLE,
      finding_id: input.findingId ?? null,
      created_at: now,
      updated_at: now,
    };
    await this.db('chat_conversations').insert(row);
    return toSummary(row);
  }

  async list(
    owner: string,
    options: { limit?: number } = {},
  ): Promise<ConversationSummary[]> {
    const limit = Math.min(
      Math.max(options.limit ?? MAX_CONVERSATIONS_LISTED, 1),
      MAX_CONVERSATIONS_LISTED,
    );
    const rows: ConversationRow[] = await this.summaries()
      .where('c.owner', owner)
      .orderBy([
        { column: 'c.updated_at', order: 'desc' },
        { column: 'c.id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(toSummary);
  }

  async getSummary(
    id: string,
    owner: string,
  ): Promise<ConversationSummary | undefined> {
    const row: ConversationRow | undefined = await this.summaries()
      .where({ 'c.id': id, 'c.owner': owner })
      .first();
    return row ? toSummary(row) : undefined;
  }

  async get(id: string, owner: string): Promise<Conversation | undefined> {
    const summary = await this.getSummary(id, owner);
    if (!summary) return undefined;
    const rows: MessageRow[] = await this.db('chat_messages')
      .where('conversation_id', id)
      .orderBy('seq', 'asc');
    return { ...summary, messages: rows.map(toMessage) };
  }

  async rename(
    id: string,
    owner: string,
    title: string,
  ): Promise<ConversationSummary | undefined> {
    const updated = await this.db('chat_conversations')
      .where({ id, owner })
      .update({ title, updated_at: new Date().toISOString() });
    if (!updated) return undefined;
    return this.getSummary(id, owner);
  }

  async delete(id: string, owner: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      const owned = await tx('chat_conversations')
        .where({ id, owner })
        .first('id');
      if (!owned) return false;
      // Explicit: SQLite enforces ON DELETE CASCADE only with foreign keys on.
      await tx('chat_messages').where('conversation_id', id).delete();
      await tx('chat_conversations').where({ id, owner }).delete();
      return true;
    });
  }

  async appendTurn(
    conversationId: string,
    owner: string,
    userMessage: NewChatMessage,
    assistantMessage: NewChatMessage,
    options: { titleFromMessage?: string } = {},
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const query = tx('chat_conversations')
        .where({ id: conversationId, owner })
        .first('id', 'title');
      // Two turns of one conversation at once: the second waits for the first
      // instead of colliding on the same seq (SQLite has one writer anyway).
      if (tx.client.dialect === 'postgresql') query.forUpdate();
      const conversation: { id: string; title: string } | undefined =
        await query;
      if (!conversation) return false;

      const last = await tx('chat_messages')
        .where('conversation_id', conversationId)
        .max('seq as seq')
        .max('created_at as createdAt')
        .first();
      const seq = Number(last?.seq ?? 0);
      // Times never go backwards within a conversation (two turns in one
      // millisecond, or a clock step): an agent reads the last one to tell
      // whether its session has expired.
      const previous = last?.createdAt ? Date.parse(toIso(last.createdAt)) : 0;
      const now = new Date(Math.max(Date.now(), previous + 1));
      const rows: MessageRow[] = [
        messageRow(conversationId, seq + 1, 'user', userMessage, now),
        // One millisecond later: the answer never sorts before the question.
        messageRow(
          conversationId,
          seq + 2,
          'assistant',
          assistantMessage,
          new Date(now.getTime() + 1),
        ),
      ];
      await tx('chat_messages').insert(rows);

      const update: Partial<ConversationRow> = {
        updated_at: new Date(now.getTime() + 1).toISOString(),
      };
      if (
        options.titleFromMessage &&
        conversation.title === DEFAULT_CONVERSATION_TITLE
      ) {
        update.title = options.titleFromMessage;
      }
      await tx('chat_conversations').where('id', conversationId).update(update);
      return true;
    });
  }

  async history(
    conversationId: string,
    owner: string,
    maxTurns: number,
  ): Promise<HistoryMessage[]> {
    if (maxTurns <= 0) return [];
    const rows: Array<Pick<MessageRow, 'role' | 'text' | 'created_at'>> =
      await this.db('chat_messages as m')
        .join('chat_conversations as c', 'c.id', 'm.conversation_id')
        .where({ 'c.id': conversationId, 'c.owner': owner })
        .orderBy('m.seq', 'desc')
        .limit(maxTurns * 2)
        .select('m.role', 'm.text', 'm.created_at');
    return rows.reverse().map(row => ({
      role: row.role === 'assistant' ? 'assistant' : 'user',
      text: row.text,
      at: toIso(row.created_at),
    }));
  }
}

function messageRow(
  conversationId: string,
  seq: number,
  role: 'user' | 'assistant',
  message: NewChatMessage,
  createdAt: Date,
): MessageRow {
  return {
    id: message.id,
    conversation_id: conversationId,
    seq,
    role,
    text: message.text,
    events: JSON.stringify(message.events ?? []),
    status: message.status,
    created_at: createdAt.toISOString(),
  };
}

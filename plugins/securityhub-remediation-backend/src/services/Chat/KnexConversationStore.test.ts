import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import type { AgentEvent } from '@internal/plugin-securityhub-remediation-common';
import {
  findingsTestDatabases,
  migrateFindingsDatabase,
} from '../../__testUtils__/testDatabases';
import { DEFAULT_CONVERSATION_TITLE } from './ConversationStore';
import {
  KnexConversationStore,
  MAX_CONVERSATIONS_LISTED,
} from './KnexConversationStore';

jest.setTimeout(60_000);

const { databases, ids } = findingsTestDatabases();

const alice = 'user:default/alice';
const bob = 'user:default/bob';

const answerEvents: AgentEvent[] = [
  { type: 'text', text: 'S3.5 asks for ' },
  { type: 'text', text: 'TLS-only bucket policies.' },
  {
    type: 'citation',
    id: 'control:S3.5',
    title: 'S3.5',
    source: 'control-catalog',
  },
];

function turn(text: string, answer = 'An answer.') {
  return {
    user: { id: randomUUID(), text, status: 'complete' as const },
    assistant: {
      id: randomUUID(),
      text: answer,
      events: [{ type: 'text', text: answer }] as AgentEvent[],
      status: 'complete' as const,
    },
  };
}

describe.each(ids)('KnexConversationStore on %s', databaseId => {
  let knex: Knex;
  let store: KnexConversationStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await migrateFindingsDatabase(knex);
    store = new KnexConversationStore(knex);
  });

  beforeEach(async () => {
    await knex('chat_messages').delete();
    await knex('chat_conversations').delete();
  });

  it('creates, reads and renames a conversation of its owner only', async () => {
    const created = await store.create(alice, { findingId: 'finding-1' });
    expect(created).toMatchObject({
      title: DEFAULT_CONVERSATION_TITLE,
      findingId: 'finding-1',
      messageCount: 0,
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);

    expect(await store.get(created.id, alice)).toEqual({
      ...created,
      messages: [],
    });
    expect(await store.get(created.id, bob)).toBeUndefined();
    expect(await store.getSummary(created.id, bob)).toBeUndefined();
    expect(await store.rename(created.id, bob, 'stolen')).toBeUndefined();
    expect(await store.delete(created.id, bob)).toBe(false);

    const renamed = await store.rename(created.id, alice, 'DMS replication');
    expect(renamed?.title).toBe('DMS replication');
    expect(renamed!.updatedAt >= created.updatedAt).toBe(true);
    expect((await store.get(created.id, alice))?.title).toBe('DMS replication');
  });

  it('lists only the owner’s conversations, most recently updated first', async () => {
    const first = await store.create(alice, { title: 'first' });
    await new Promise(r => setTimeout(r, 5));
    const second = await store.create(alice, { title: 'second' });
    await store.create(bob, { title: 'bob’s' });
    await new Promise(r => setTimeout(r, 5));
    const t = turn('about the first');
    await store.appendTurn(first.id, alice, t.user, t.assistant);

    const listed = await store.list(alice);
    expect(listed.map(c => c.title)).toEqual(['first', 'second']);
    expect(listed[0].messageCount).toBe(2);
    expect(listed[1]).toEqual(second);
    expect((await store.list(bob)).map(c => c.title)).toEqual(['bob’s']);
    expect(await store.list('user:default/nobody')).toEqual([]);
    expect(await store.list(alice, { limit: 1 })).toHaveLength(1);
  });

  it('bounds a listing', async () => {
    await knex('chat_conversations').insert(
      Array.from({ length: MAX_CONVERSATIONS_LISTED + 5 }, (_, i) => ({
        id: randomUUID(),
        owner: alice,
        title: `c${i}`,
        finding_id: null,
        created_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        updated_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      })),
    );
    const listed = await store.list(alice, { limit: 10_000 });
    expect(listed).toHaveLength(MAX_CONVERSATIONS_LISTED);
    expect(listed[0].title).toBe(`c${MAX_CONVERSATIONS_LISTED + 4}`);
  });

  it('appends a turn with its events and names the conversation once', async () => {
    const conversation = await store.create(alice, {});
    const user = {
      id: randomUUID(),
      text: 'What is S3.5?',
      status: 'complete' as const,
    };
    const assistant = {
      id: randomUUID(),
      text: 'S3.5 asks for TLS-only bucket policies.',
      events: answerEvents,
      status: 'stopped' as const,
    };
    expect(
      await store.appendTurn(conversation.id, alice, user, assistant, {
        titleFromMessage: 'What is S3.5?',
      }),
    ).toBe(true);
    const second = turn('And S3.8?');
    await store.appendTurn(
      conversation.id,
      alice,
      second.user,
      second.assistant,
      { titleFromMessage: 'And S3.8?' },
    );

    const stored = await store.get(conversation.id, alice);
    expect(stored?.title).toBe('What is S3.5?');
    expect(stored?.messageCount).toBe(4);
    expect(stored?.messages.map(m => [m.role, m.text, m.status])).toEqual([
      ['user', 'What is S3.5?', 'complete'],
      ['assistant', 'S3.5 asks for TLS-only bucket policies.', 'stopped'],
      ['user', 'And S3.8?', 'complete'],
      ['assistant', 'An answer.', 'complete'],
    ]);
    expect(stored?.messages[0].events).toEqual([]);
    expect(stored?.messages[1]).toMatchObject({
      id: assistant.id,
      events: answerEvents,
    });
    expect(stored!.updatedAt > conversation.updatedAt).toBe(true);
  });

  it('keeps a renamed title when the first message arrives', async () => {
    const conversation = await store.create(alice, { title: 'Mine' });
    const t = turn('hello');
    await store.appendTurn(conversation.id, alice, t.user, t.assistant, {
      titleFromMessage: 'hello',
    });
    expect((await store.getSummary(conversation.id, alice))?.title).toBe(
      'Mine',
    );
  });

  it('stores nothing of a turn that cannot be stored whole', async () => {
    const conversation = await store.create(alice, {});
    const ok = turn('first');
    await store.appendTurn(conversation.id, alice, ok.user, ok.assistant);
    // The assistant message reuses an existing id: its insert fails, and the
    // user message of the same turn must not stay behind.
    const broken = turn('second');
    await expect(
      store.appendTurn(conversation.id, alice, broken.user, {
        ...broken.assistant,
        id: ok.assistant.id,
      }),
    ).rejects.toMatchObject({
      // Not toThrow(): better-sqlite3's error class may come from another
      // test file's realm (see KnexFindingsStore.test.ts).
      message: expect.stringMatching(/unique|duplicate/i),
    });
    const stored = await store.get(conversation.id, alice);
    expect(stored?.messages.map(m => m.text)).toEqual(['first', 'An answer.']);
  });

  it('refuses a turn for another user’s or a missing conversation', async () => {
    const conversation = await store.create(bob, {});
    const t = turn('hi');
    expect(
      await store.appendTurn(conversation.id, alice, t.user, t.assistant),
    ).toBe(false);
    expect(
      await store.appendTurn(randomUUID(), alice, t.user, t.assistant),
    ).toBe(false);
    expect(
      Number((await knex('chat_messages').count('* as n').first())?.n),
    ).toBe(0);
  });

  it('numbers concurrent turns of one conversation in order, without a clash', async () => {
    const conversation = await store.create(alice, {});
    const turns = Array.from({ length: 5 }, (_, i) => turn(`q${i}`));
    const results = await Promise.allSettled(
      turns.map(t =>
        store.appendTurn(conversation.id, alice, t.user, t.assistant),
      ),
    );
    const stored = await knex('chat_messages')
      .where('conversation_id', conversation.id)
      .orderBy('seq');
    // PostgreSQL locks the conversation row; SQLite has a single writer.
    expect(results.map(r => r.status)).toEqual(Array(5).fill('fulfilled'));
    const succeeded = 5;
    expect(stored.map(row => Number(row.seq))).toEqual(
      Array.from({ length: succeeded * 2 }, (_, i) => i + 1),
    );
    // Each turn's two messages are adjacent: question, then its answer.
    for (let i = 0; i < stored.length; i += 2) {
      expect(stored[i].role).toBe('user');
      expect(stored[i + 1].role).toBe('assistant');
    }
  });

  it('gives the agent the last turns, oldest first, of the owner’s conversation', async () => {
    const conversation = await store.create(alice, {});
    for (let i = 1; i <= 4; i++) {
      const t = turn(`q${i}`, `a${i}`);
      await store.appendTurn(conversation.id, alice, t.user, t.assistant);
    }
    const history = await store.history(conversation.id, alice, 2);
    expect(history.map(({ role, text }) => ({ role, text }))).toEqual([
      { role: 'user', text: 'q3' },
      { role: 'assistant', text: 'a3' },
      { role: 'user', text: 'q4' },
      { role: 'assistant', text: 'a4' },
    ]);
    // When each was stored: an agent tells from it whether its session expired.
    const times = history.map(m => Date.parse(m.at));
    expect(times.every(Number.isFinite)).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(await store.history(conversation.id, bob, 2)).toEqual([]);
    expect(await store.history(conversation.id, alice, 0)).toEqual([]);
  });

  it('deletes a conversation with its messages', async () => {
    const conversation = await store.create(alice, {});
    const kept = await store.create(alice, {});
    const t = turn('hi');
    await store.appendTurn(conversation.id, alice, t.user, t.assistant);
    const k = turn('keep');
    await store.appendTurn(kept.id, alice, k.user, k.assistant);
    expect(await store.delete(conversation.id, alice)).toBe(true);
    expect(await store.get(conversation.id, alice)).toBeUndefined();
    expect(await store.delete(conversation.id, alice)).toBe(false);
    const left = await knex('chat_messages').select('conversation_id');
    expect(new Set(left.map(r => r.conversation_id))).toEqual(
      new Set([kept.id]),
    );
  });
});

import request from 'supertest';
import {
  parseSseBody,
  type ChatEvent,
} from '@internal/plugin-securityhub-remediation-common';
import { LocalRemediationAgent } from '@internal/plugin-securityhub-remediation-node';
import {
  ALICE,
  BOB,
  asUser,
  chatTestApp,
  dmsFinding,
  otherAccountFinding,
  type ChatTestApp,
} from '../__testUtils__/chatTestApp';
import { findingsTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const { databases } = findingsTestDatabases();

const DMS_QUESTION =
  'Generate an automation for remediating the finding, database migration service replication instances should not be public';

describe('chat router with the local agent', () => {
  let t: ChatTestApp;

  beforeAll(async () => {
    t = await chatTestApp({
      databases,
      agent: new LocalRemediationAgent(),
    });
  });

  beforeEach(async () => {
    t.allow({});
    await t.knex('chat_messages').delete();
    await t.knex('chat_conversations').delete();
  });

  async function createConversation(
    user: string,
    body: Record<string, unknown> = {},
  ): Promise<string> {
    const res = await request(t.app)
      .post('/v1/chat/conversations')
      .set(asUser(user))
      .send(body);
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function post(
    user: string,
    id: string,
    body: Record<string, unknown>,
  ): Promise<{ res: request.Response; events: ChatEvent[] }> {
    const res = await request(t.app)
      .post(`/v1/chat/conversations/${id}/messages`)
      .set(asUser(user))
      .send(body);
    return {
      res,
      events: res.type === 'text/event-stream' ? parseSseBody(res.text) : [],
    };
  }

  it('streams the DMS answer: start, text, citations, the proposal, done', async () => {
    const id = await createConversation(ALICE);
    const { res, events } = await post(ALICE, id, { message: DMS_QUESTION });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.headers['cache-control']).toBe('no-cache, no-transform');
    expect(res.headers['x-accel-buffering']).toBe('no');

    const types = events.map(e => e.type);
    expect(types[0]).toBe('start');
    expect(types[types.length - 1]).toBe('done');
    expect(types.filter(x => x === 'start' || x === 'done')).toHaveLength(2);
    const start = events[0] as Extract<ChatEvent, { type: 'start' }>;
    expect(start).toMatchObject({ conversationId: id, agent: 'local' });
    expect(events[events.length - 1]).toEqual({
      type: 'done',
      conversationId: id,
      messageId: start.messageId,
      stopReason: 'complete',
    });

    const text = events
      .flatMap(e => (e.type === 'text' ? [e.text] : []))
      .join('');
    expect(text).toMatch(/DMS\.1/);
    expect(events.filter(e => e.type === 'text').length).toBeGreaterThan(1);
    const proposal = events.find(e => e.type === 'proposal');
    expect(proposal).toMatchObject({ controlId: 'DMS.1' });
    const citations = events.filter(e => e.type === 'citation');
    expect(citations.some(c => /DMS\.1/.test(JSON.stringify(c)))).toBe(true);

    // The turn is stored: the question, and the answer as it was streamed.
    const stored = await request(t.app)
      .get(`/v1/chat/conversations/${id}`)
      .set(asUser(ALICE));
    expect(stored.status).toBe(200);
    expect(stored.body.title).toBe(
      'Generate an automation for remediating the finding, database…',
    );
    expect(stored.body.messages).toHaveLength(2);
    expect(stored.body.messages[0]).toMatchObject({
      role: 'user',
      text: DMS_QUESTION,
    });
    expect(stored.body.messages[1]).toMatchObject({
      id: start.messageId,
      role: 'assistant',
      text,
      status: 'complete',
      events: events.slice(1, -1),
    });
  });

  it('answers about the finding in context, read with the user’s scope', async () => {
    t.allow({ accounts: ['111111111111'] });
    const id = await createConversation(ALICE, { findingId: dmsFinding.Id });
    const { events } = await post(ALICE, id, {
      message: 'How do I fix this finding?',
    });
    expect(events[0].type).toBe('start');
    expect(events[events.length - 1].type).toBe('done');
    expect(events.find(e => e.type === 'proposal')).toMatchObject({
      controlId: 'DMS.1',
      findingId: dmsFinding.Id,
    });

    // The message's own finding replaces the conversation's; out of scope
    // answers 404 before any stream starts.
    const hidden = await post(ALICE, id, {
      message: 'And this one?',
      findingId: otherAccountFinding.Id,
    });
    expect(hidden.res.status).toBe(404);
    expect(hidden.res.type).toBe('application/json');
    expect(hidden.res.body.error.message).toBe(
      `No finding with id ${otherAccountFinding.Id}`,
    );
    const created = await request(t.app)
      .post('/v1/chat/conversations')
      .set(asUser(ALICE))
      .send({ findingId: otherAccountFinding.Id });
    expect(created.status).toBe(404);
  });

  it('creates, lists, renames and deletes conversations', async () => {
    const first = await createConversation(ALICE, { title: 'S3 buckets' });
    const second = await createConversation(ALICE, {
      findingId: dmsFinding.Id,
    });
    const list = await request(t.app)
      .get('/v1/chat/conversations')
      .set(asUser(ALICE));
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: any) => c.id)).toEqual([second, first]);
    expect(list.body.items[0]).toMatchObject({
      title: 'New conversation',
      findingId: dmsFinding.Id,
      messageCount: 0,
    });

    const renamed = await request(t.app)
      .patch(`/v1/chat/conversations/${first}`)
      .set(asUser(ALICE))
      .send({ title: '  S3.5 on the ledger bucket ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      id: first,
      title: 'S3.5 on the ledger bucket',
    });
    const relisted = await request(t.app)
      .get('/v1/chat/conversations')
      .set(asUser(ALICE));
    expect(relisted.body.items.map((c: any) => c.id)).toEqual([first, second]);

    const deleted = await request(t.app)
      .delete(`/v1/chat/conversations/${first}`)
      .set(asUser(ALICE));
    expect(deleted.status).toBe(204);
    const gone = await request(t.app)
      .get(`/v1/chat/conversations/${first}`)
      .set(asUser(ALICE));
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toBe(`No conversation with id ${first}`);
  });

  it('keeps each user’s conversations to that user', async () => {
    const alices = await createConversation(ALICE, { title: 'Alice’s' });
    await post(ALICE, alices, { message: 'What is S3.5?' });
    const bobs = await createConversation(BOB, { title: 'Bob’s' });

    const bobList = await request(t.app)
      .get('/v1/chat/conversations')
      .set(asUser(BOB));
    expect(bobList.body.items.map((c: any) => c.id)).toEqual([bobs]);

    const url = `/v1/chat/conversations/${alices}`;
    const attempts = [
      await request(t.app).get(url).set(asUser(BOB)),
      await request(t.app)
        .patch(url)
        .set(asUser(BOB))
        .send({ title: 'mine now' }),
      await request(t.app).delete(url).set(asUser(BOB)),
      (await post(BOB, alices, { message: 'hello' })).res,
    ];
    for (const res of attempts) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(`No conversation with id ${alices}`);
    }

    const intact = await request(t.app).get(url).set(asUser(ALICE));
    expect(intact.body.title).toBe('Alice’s');
    expect(intact.body.messages).toHaveLength(2);
  });

  it('answers 403 without securityhub.chat.use, 401 without a user', async () => {
    const id = await createConversation(ALICE);
    t.allow({ chat: false });
    const calls = [
      request(t.app).get('/v1/chat/conversations').set(asUser(ALICE)),
      request(t.app).post('/v1/chat/conversations').set(asUser(ALICE)).send({}),
      request(t.app).get(`/v1/chat/conversations/${id}`).set(asUser(ALICE)),
      request(t.app)
        .post(`/v1/chat/conversations/${id}/messages`)
        .set(asUser(ALICE))
        .send({ message: 'hi' }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /not allowed to use the remediation chat \(permission securityhub\.chat\.use\)/,
      );
    }
    t.allow({});
    const anonymous = await request(t.app)
      .get('/v1/chat/conversations')
      .set({ Authorization: 'Bearer nonsense' });
    expect(anonymous.status).toBe(401);
  });

  it('chats without findings when the user may read none', async () => {
    t.allow({ accounts: 'none' });
    const id = await createConversation(ALICE);
    const { events } = await post(ALICE, id, { message: 'What is S3.5?' });
    expect(events[0].type).toBe('start');
    expect(events[events.length - 1].type).toBe('done');
    const refused = await post(ALICE, id, {
      message: 'Fix it',
      findingId: dmsFinding.Id,
    });
    expect(refused.res.status).toBe(404);
  });

  it.each([
    ['an empty message', { message: '   ' }, 400, /message: must not be empty/],
    [
      'a message over 8000 characters',
      { message: 'x'.repeat(8001) },
      400,
      /message: must be at most 8000 characters/,
    ],
    [
      'a 100 KB message',
      { message: 'x'.repeat(100 * 1024) },
      413,
      /a chat message may have at most 8000 characters/,
    ],
    [
      'an unknown field',
      { message: 'hi', model: 'gpt' },
      400,
      /Unrecognized key\(s\) in object: 'model'/,
    ],
    ['no message', {}, 400, /message: Required/],
  ])('refuses %s before streaming', async (_what, body, status, message) => {
    const id = await createConversation(ALICE);
    const { res } = await post(ALICE, id, body);
    expect(res.status).toBe(status);
    expect(res.type).toBe('application/json');
    expect(res.body.error.message).toMatch(message);
    expect(await t.conversations.history(id, ALICE, 10)).toEqual([]);
  });

  it('accepts a message of 8000 characters that are all escaped in JSON', async () => {
    const id = await createConversation(ALICE);
    const { res, events } = await post(ALICE, id, {
      message: `${'\u0001'.repeat(7990)}S3.5`,
    });
    expect(res.status).toBe(200);
    expect(events[events.length - 1].type).toMatch(/done|error/);
  });

  it('refuses ids that are not UUIDs, and unknown ones', async () => {
    const bad = await request(t.app)
      .get('/v1/chat/conversations/not-a-uuid')
      .set(asUser(ALICE));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid conversation id: must be a conversation id (a UUID)',
    );
    const badPost = await post(ALICE, '12345', { message: 'hi' });
    expect(badPost.res.status).toBe(400);

    const unknown = '3f0c1a43-9a3e-4c5e-8f43-2d9b7a0c1e11';
    for (const res of [
      await request(t.app)
        .get(`/v1/chat/conversations/${unknown}`)
        .set(asUser(ALICE)),
      (await post(ALICE, unknown, { message: 'hi' })).res,
      await request(t.app)
        .delete(`/v1/chat/conversations/${unknown}`)
        .set(asUser(ALICE)),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(`No conversation with id ${unknown}`);
    }
  });

  it('refuses bad conversation bodies with a clear message', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['post', { title: '' }, /title: String must contain at least 1/],
      [
        'post',
        { title: 'x'.repeat(201) },
        /title: String must contain at most 200/,
      ],
      [
        'post',
        { findingId: 'a\u0000b' },
        /findingId: must not contain control characters/,
      ],
      ['post', { owner: BOB }, /Unrecognized key\(s\) in object: 'owner'/],
    ];
    for (const [, body, message] of cases) {
      const res = await request(t.app)
        .post('/v1/chat/conversations')
        .set(asUser(ALICE))
        .send(body as object);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    const id = await createConversation(ALICE);
    const rename = await request(t.app)
      .patch(`/v1/chat/conversations/${id}`)
      .set(asUser(ALICE))
      .send({});
    expect(rename.status).toBe(400);
    expect(rename.body.error.message).toMatch(/title: Required/);
    const json = await request(t.app)
      .post(`/v1/chat/conversations/${id}/messages`)
      .set(asUser(ALICE))
      .set('Content-Type', 'application/json')
      .send('{"message": ');
    expect(json.status).toBe(400);
    expect(json.body.error.message).toBe('The request body is not valid JSON');
    const query = await request(t.app)
      .get('/v1/chat/conversations?owner=user:default/bob')
      .set(asUser(ALICE));
    expect(query.status).toBe(400);
  });
});

/**
 * The chat benchmark's backend: the plugin router as the backend mounts it
 * (root router compression, SQLite file, 600 demo findings), and an HTTP
 * client that reads the chat's server-sent events as they arrive.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import express from 'express';
import knexFactory from 'knex';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  ChatEventStreamParser,
  generateDemoFindings,
  type ChatEvent,
} from '@internal/plugin-securityhub-remediation-common';
import {
  createRemediationEngine,
  type RemediationAgent,
} from '@internal/plugin-securityhub-remediation-node';
import { benchRouter, silentLogger } from './benchRouter';
import { ChatService, KnexConversationStore } from '../src/services/Chat';
import { KnexFindingsStore } from '../src/services/FindingsStore';
import { MIGRATIONS_DIR } from '../src/__testUtils__/testDatabases';

const USER = 'user:default/bench';

/** Everything the portal's backend runs for the chat, on a SQLite file. */
export async function startBackend(agentOf: () => RemediationAgent) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-chat-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'chat.sqlite') },
    useNullAsDefault: true,
  });
  await knex.migrate.latest({ directory: MIGRATIONS_DIR });
  const findings = new KnexFindingsStore(knex);
  const demo = generateDemoFindings({ count: 600 });
  await findings.upsertBatch(demo, 'demo');
  const engine = await createRemediationEngine(new ConfigReader({}));
  const chat = new ChatService({
    conversations: new KnexConversationStore(knex),
    findings,
    engine,
    agent: {
      get kind() {
        return agentOf().kind;
      },
      respond: turn => agentOf().respond(turn),
    },
    limits: { maxRepairRounds: 3, maxToolCalls: 12, answerTimeoutSeconds: 300 },
    logger: silentLogger,
  });
  const router = await benchRouter(findings, { chat });
  const middleware = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: silentLogger,
  });
  const server = http.createServer(
    express()
      .use(middleware.compression())
      .use('/api/securityhub-remediation', router),
  );
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/securityhub-remediation/v1/chat`;
  return {
    base,
    /** One demo finding per control. */
    findingIds: [
      ...new Map(
        demo.map(f => [f.Compliance?.SecurityControlId ?? f.Id, f.Id]),
      ).values(),
    ],
    close: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      await knex.destroy();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 200 });

function post(url: string, body: unknown): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent: httpAgent,
      headers: {
        'content-type': 'application/json',
        'accept-encoding': 'gzip, deflate',
        authorization: mockCredentials.user.header(USER),
      },
    });
    req.on('response', resolve).on('error', reject);
    req.end(JSON.stringify(body));
  });
}

export async function createConversation(
  base: string,
  findingId?: string,
): Promise<string> {
  const res = await post(
    `${base}/conversations`,
    findingId ? { findingId } : {},
  );
  const parts: Buffer[] = [];
  for await (const part of res) parts.push(part as Buffer);
  if (res.statusCode !== 201) {
    throw new Error(
      `create conversation: ${res.statusCode} ${Buffer.concat(parts)}`,
    );
  }
  return JSON.parse(Buffer.concat(parts).toString('utf8')).id;
}

/** Sends a message and reads the SSE answer as it arrives; `onEvent` sees each event with its arrival time. */
export async function ask(
  base: string,
  conversationId: string,
  body: { message: string; findingId?: string },
  onEvent?: (event: ChatEvent, at: number) => void,
): Promise<ChatEvent[]> {
  const res = await post(
    `${base}/conversations/${conversationId}/messages`,
    body,
  );
  if (res.statusCode !== 200) throw new Error(`message: ${res.statusCode}`);
  if (res.headers['content-encoding']) {
    throw new Error(
      `the SSE answer is ${res.headers['content-encoding']}-encoded`,
    );
  }
  const parser = new ChatEventStreamParser();
  const events: ChatEvent[] = [];
  res.setEncoding('utf8');
  for await (const text of res) {
    const at = performance.now();
    for (const event of parser.push(text as string)) {
      events.push(event);
      onEvent?.(event, at);
    }
  }
  return events;
}

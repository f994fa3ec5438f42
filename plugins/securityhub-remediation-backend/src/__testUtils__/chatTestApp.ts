import express from 'express';
import type { Knex } from 'knex';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  asffFindingFixture,
  securityHubChatUsePermission,
  type AgentEvent,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import {
  createRemediationEngine,
  type AgentTurn,
  type RemediationAgent,
  type RemediationEngine,
} from '@internal/plugin-securityhub-remediation-node';
import { isInAccounts } from '../permissions';
import { createRouter } from '../router/createRouter';
import { ChatService, KnexConversationStore } from '../services/Chat';
import { KnexFindingsStore } from '../services/FindingsStore';
import { FindingsSyncService } from '../services/FindingsSync';
import { migrateFindingsDatabase } from './testDatabases';
import { inAccounts } from './inAccounts';

export const ALICE = 'user:default/alice';
export const BOB = 'user:default/bob';
export const asUser = (userEntityRef: string) => ({
  Authorization: mockCredentials.user.header(userEntityRef),
});

/** A DMS.1 finding: "replication instances should not be public". */
export const dmsFinding = asffFindingFixture({
  accountId: '111111111111',
  controlId: 'DMS.1',
  title:
    'Database Migration Service replication instances should not be public',
  resourceType: 'AwsDmsReplicationInstance',
  resourceId:
    'arn:aws:dms:us-east-1:111111111111:rep:ledger-replication-instance',
  severity: 'CRITICAL',
  suffix: 'dms1',
});

/** A finding of another account, outside a scope limited to 111111111111. */
export const otherAccountFinding = asffFindingFixture({
  accountId: '999999999999',
  suffix: 'other',
});

/** An agent whose `respond` the test writes; every turn it got is kept. */
export class ScriptedAgent implements RemediationAgent {
  readonly kind = 'local' as const;
  readonly turns: AgentTurn[] = [];

  constructor(
    private readonly script: (turn: AgentTurn) => AsyncIterable<AgentEvent>,
  ) {}

  respond(turn: AgentTurn): AsyncIterable<AgentEvent> {
    this.turns.push(turn);
    return this.script(turn);
  }
}

export interface ChatTestApp {
  app: express.Express;
  knex: Knex;
  engine: RemediationEngine;
  findings: KnexFindingsStore;
  conversations: KnexConversationStore;
  chat: ChatService;
  httpAuth: ReturnType<typeof mockServices.httpAuth>;
  permissions: ReturnType<typeof mockServices.permissions.mock>;
  logger: ReturnType<typeof mockServices.logger.mock>;
  /** Swaps the agent that answers the next messages. */
  useAgent(agent: RemediationAgent): void;
  /** Reading findings: every account, only some, or nothing; chat allowed or not. */
  allow(options: {
    chat?: boolean;
    accounts?: string[] | 'all' | 'none';
  }): void;
}

let sharedEngine: Promise<RemediationEngine> | undefined;

/** The engine of the default config (local retrieval), built once per test file. */
export function defaultEngine(): Promise<RemediationEngine> {
  sharedEngine ??= createRemediationEngine(new ConfigReader({}));
  return sharedEngine;
}

/**
 * The plugin's router with the chat, on a real SQLite database holding
 * `findings`, with mocked sign-in (users by header) and permissions.
 */
export async function chatTestApp(options: {
  /** From `findingsTestDatabases()`, called at the test file's top level. */
  databases: TestDatabases;
  agent: RemediationAgent;
  findings?: AsffFinding[];
  answerTimeoutSeconds?: number;
}): Promise<ChatTestApp> {
  const knex = await options.databases.init('SQLITE_3');
  await migrateFindingsDatabase(knex);
  const findings = new KnexFindingsStore(knex);
  await findings.upsertBatch(
    options.findings ?? [dmsFinding, otherAccountFinding],
    'demo',
  );
  const conversations = new KnexConversationStore(knex);
  const engine = await defaultEngine();
  const permissions = mockServices.permissions.mock();
  const logger = mockServices.logger.mock();
  let agent = options.agent;
  const chat = new ChatService({
    conversations,
    findings,
    engine,
    agent: {
      get kind() {
        return agent.kind;
      },
      respond: turn => agent.respond(turn),
    },
    limits: {
      maxRepairRounds: 3,
      maxToolCalls: 12,
      answerTimeoutSeconds: options.answerTimeoutSeconds ?? 300,
    },
    logger,
  });
  const httpAuth = mockServices.httpAuth();
  const router = await createRouter({
    store: findings,
    sync: new FindingsSyncService({ store: findings, sources: [], logger }),
    httpAuth,
    permissions,
    transformConditions: createConditionTransformer([isInAccounts]),
    triggerSync: async () => {},
    chat,
  });
  const app = express().use(router).use(mockErrorHandler());

  const allow: ChatTestApp['allow'] = ({
    chat: chatAllowed = true,
    accounts = 'all',
  }) => {
    permissions.authorize.mockImplementation(async requests =>
      requests.map(r => ({
        result:
          r.permission.name !== securityHubChatUsePermission.name || chatAllowed
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    );
    permissions.authorizeConditional.mockImplementation(
      async requests =>
        requests.map(() => {
          if (accounts === 'all') return { result: AuthorizeResult.ALLOW };
          if (accounts === 'none') return { result: AuthorizeResult.DENY };
          return inAccounts(accounts)[0];
        }) as any,
    );
  };
  allow({});

  return {
    app,
    knex,
    engine,
    findings,
    conversations,
    chat,
    httpAuth,
    permissions,
    logger,
    useAgent: next => {
      agent = next;
    },
    allow,
  };
}

/** Waits until `signal` is aborted. */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

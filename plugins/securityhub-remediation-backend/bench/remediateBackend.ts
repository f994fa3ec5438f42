/**
 * The remediation benchmark's backend: the plugin router with the real
 * RemediationService over a SQLite file, the real engine and the local
 * delivery adapters (git repository, pipeline with cfn-lint, automation
 * runner, finding verifier), and a small JSON client with a user's token.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import express from 'express';
import knexFactory, { type Knex } from 'knex';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  generateDemoFindings,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import {
  LocalFindingVerifier,
  createRemediationDelivery,
  createRemediationEngine,
  type RemediationDeliveryOptions,
} from '@internal/plugin-securityhub-remediation-node';
import { benchRouter, silentLogger } from './benchRouter';
import { KnexFindingsStore } from '../src/services/FindingsStore';
import {
  KnexRemediationStore,
  RemediationService,
} from '../src/services/Remediations';
import { MIGRATIONS_DIR } from '../src/__testUtils__/testDatabases';

export const BENCH_USER = 'user:default/bench';
export const DEMO_FINDINGS = 2500;

function openDatabase(dbFile: string): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: dbFile },
    useNullAsDefault: true,
  });
}

/** Creates the schema and loads the demo findings; answers the demo set. */
export async function prepareDatabase(dbFile: string): Promise<AsffFinding[]> {
  const knex = openDatabase(dbFile);
  try {
    await knex.migrate.latest({ directory: MIGRATIONS_DIR });
    const demo = generateDemoFindings({ count: DEMO_FINDINGS });
    await new KnexFindingsStore(knex).upsertBatch(demo, 'demo');
    return demo;
  } finally {
    await knex.destroy();
  }
}

/** Failing, active findings, one control after another (so every control is tried early). */
export function failingActiveFindings(demo: AsffFinding[]): string[] {
  const byControl = new Map<string, string[]>();
  for (const f of demo) {
    if (f.Compliance?.Status !== 'FAILED' || f.RecordState !== 'ACTIVE') {
      continue;
    }
    const control = f.Compliance?.SecurityControlId ?? 'none';
    byControl.set(control, [...(byControl.get(control) ?? []), f.Id]);
  }
  const queues = [...byControl.values()];
  const ids: string[] = [];
  for (let i = 0; queues.some(q => i < q.length); i++) {
    for (const q of queues) if (i < q.length) ids.push(q[i]);
  }
  return ids;
}

export interface RemediationBackend {
  /** `http://127.0.0.1:<port>/api/securityhub-remediation/v1/remediations` */
  base: string;
  service: RemediationService;
  close(): Promise<void>;
}

/** Everything the portal's backend runs for remediations, over HTTP. */
export async function startRemediationBackend(options: {
  dbFile: string;
  /** Local delivery directory; or `delivery` for any other delivery config. */
  directory?: string;
  delivery?: ConstructorParameters<typeof ConfigReader>[0];
  credentialsManager?: RemediationDeliveryOptions['credentialsManager'];
  port?: number;
}): Promise<RemediationBackend> {
  const knex = openDatabase(options.dbFile);
  const findings = new KnexFindingsStore(knex);
  const engine = await createRemediationEngine(new ConfigReader({}));
  const { verifier, followUpIntervalsMs, ...delivery } =
    await createRemediationDelivery(
      new ConfigReader({
        securityHubRemediation: {
          delivery: options.delivery ?? {
            local: { directory: options.directory ?? '', cfnLint: 'auto' },
          },
        },
      }),
      {
        validate: engine.validate,
        credentialsManager: options.credentialsManager,
      },
    );
  const service = new RemediationService({
    store: new KnexRemediationStore(knex),
    findings,
    engine,
    ...delivery,
    verifier: verifier ?? new LocalFindingVerifier({ updater: findings }),
    followUp: { intervalsMs: followUpIntervalsMs },
    allowSelfApproval: true,
    logger: silentLogger,
  });
  const router = await benchRouter(findings, { remediations: service });
  const server = http.createServer(
    express().use('/api/securityhub-remediation', router),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}/api/securityhub-remediation/v1/remediations`,
    service,
    close: async () => {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      await knex.destroy();
    },
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });

/** Closes the client's kept-alive sockets. */
export function closeClient() {
  agent.destroy();
}

/** One JSON request as the bench user; answers the status and parsed body. */
export function call(
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method,
      agent,
      headers: {
        'content-type': 'application/json',
        authorization: mockCredentials.user.header(BENCH_USER),
      },
    });
    req.on('error', reject);
    req.on('response', res => {
      const parts: Buffer[] = [];
      res.on('data', part => parts.push(part));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text for the error message
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** The preview of a finding when it can be remediated now, else undefined. */
export async function remediablePreview(base: string, findingId: string) {
  const res = await call('POST', `${base}/preview`, { findingId });
  if (res.status !== 200) {
    throw new Error(
      `preview ${findingId}: ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
  const ok = !res.body.blockedReason && res.body.validation?.valid === true;
  return ok ? (res.body as { templateHash: string }) : undefined;
}

/** Submits a reviewed remediation; throws unless it answers 201 with a commit. */
export async function submit(
  base: string,
  findingId: string,
  templateHash: string,
): Promise<{ id: string; commitId: string }> {
  const res = await call('POST', base, { findingId, templateHash });
  const commitId = res.body?.repository?.commitId;
  if (res.status !== 201 || typeof commitId !== 'string') {
    throw new Error(
      `submit ${findingId}: ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
  return { id: res.body.id, commitId };
}

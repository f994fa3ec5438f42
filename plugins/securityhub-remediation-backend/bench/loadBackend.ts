/**
 * The load benchmark's backend: the portal's backend as packages/backend
 * builds it (createBackend, real user-token authentication through the auth
 * plugin, the permission backend with the portal's policy over HTTP, the
 * root router's middleware), serving findings already in a database.
 */
import { fork } from 'child_process';
import fs from 'fs/promises';
import os from 'os';
import type { JsonObject } from '@backstage/types';
import path from 'path';
import knexFactory, { type Knex } from 'knex';
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import {
  generateDemoFindings,
  prepareFinding,
} from '@internal/plugin-securityhub-remediation-common';
import securityHubRemediationPlugin, {
  permissionModuleSecurityHubApprovers,
} from '../src';
import { KnexFindingsStore } from '../src/services/FindingsStore';
import { MIGRATIONS_DIR } from '../src/__testUtils__/testDatabases';

const PLUGIN_ID = 'securityhub-remediation';
const LOAD_BATCH = 5_000;

export interface LoadDatabase {
  name: string;
  /** The backend's `backend.database` config. */
  backendConfig: JsonObject;
  /** A connection to the findings plugin's own database. */
  connect(): Knex;
  close(): Promise<void>;
}

/** SQLite files in a folder, one per plugin, as the embedded default. */
export async function sqliteLoadDatabase(): Promise<LoadDatabase> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-load-'));
  return {
    name: 'SQLite',
    backendConfig: { client: 'better-sqlite3', connection: { directory: dir } },
    connect: () =>
      knexFactory({
        client: 'better-sqlite3',
        connection: { filename: path.join(dir, `${PLUGIN_ID}.sqlite`) },
        useNullAsDefault: true,
      }),
    close: async () => {
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Databases named by a fresh prefix on the test PostgreSQL server. */
export async function postgresLoadDatabase(
  connectionString: string,
  major: string,
): Promise<LoadDatabase> {
  const prefix = `bench_load_${Date.now()}_`;
  const admin = knexFactory({ client: 'pg', connection: connectionString });
  const database = `${prefix}${PLUGIN_ID}`;
  await admin.raw('create database ??', [database]);
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  const { hostname, port, username, password } = new URL(connectionString);
  return {
    name: `PostgreSQL ${major}`,
    backendConfig: {
      client: 'pg',
      prefix,
      connection: {
        host: hostname,
        port: Number(port),
        user: decodeURIComponent(username),
        password: decodeURIComponent(password),
      },
    },
    connect: () => knexFactory({ client: 'pg', connection: url.toString() }),
    close: async () => {
      const { rows } = await admin.raw(
        'select datname from pg_database where datname like ?',
        [`${prefix}%`],
      );
      for (const { datname } of rows) {
        await admin.raw('drop database if exists ?? with (force)', [datname]);
      }
      await admin.destroy();
    },
  };
}

/** Migrates the findings database and loads `count` demo findings. */
export async function loadFindings(database: LoadDatabase, count: number) {
  const knex = database.connect();
  await knex.migrate.latest({ directory: MIGRATIONS_DIR });
  const store = new KnexFindingsStore(knex);
  const findings = generateDemoFindings({ count, seed: 42 });
  await store.bulkLoad(async writer => {
    for (let i = 0; i < findings.length; i += LOAD_BATCH) {
      const batch = findings.slice(i, i + LOAD_BATCH).map(prepareFinding);
      await writer.upsertPrepared(batch, 'bench');
    }
  });
  await store.refreshStatistics();
  await knex.destroy();
}

/** Starts the backend on a free loopback port; its base URL and a stop. */
export async function startLoadBackend(
  database: LoadDatabase,
  findingsConfig: JsonObject = {},
): Promise<{ api: string; token: string; stop: () => Promise<void> }> {
  // In a process of its own, so the load generator does not share its
  // event loop (or its CPU profile).
  const child = fork(path.resolve(__dirname, 'loadServer.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      BENCH_LOAD_SERVER: JSON.stringify({
        database: database.backendConfig,
        findings: findingsConfig,
      }),
    },
  });
  const ready = await new Promise<{ api: string; token: string }>(
    (resolve, reject) => {
      child.once('message', message => resolve(message as any));
      child.once('exit', code =>
        reject(new Error(`the backend exited with code ${code}`)),
      );
    },
  );
  return {
    ...ready,
    stop: async () => {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

/** Runs the backend in this process (see loadServer.ts). */
export async function runBackend(
  backendDatabase: JsonObject,
  findingsConfig: JsonObject,
) {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const baseUrl = `http://127.0.0.1:${port}`;
  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        app: { baseUrl },
        backend: {
          baseUrl,
          listen: { host: '127.0.0.1', port },
          database: backendDatabase,
        },
        auth: {
          providers: {
            guest: {
              dangerouslyAllowOutsideDevelopment: true,
              ownershipEntityRefs: ['user:development/guest'],
            },
          },
        },
        permission: { enabled: true },
        securityHubRemediation: {
          findings: {
            // No sources and no scheduled run during the measurement.
            sync: {
              frequency: { hours: 24 },
              timeout: { minutes: 15 },
              initialDelay: { hours: 24 },
            },
            sources: [],
            ...findingsConfig,
          },
          chat: { agent: { type: 'local' } },
        },
      },
    }),
  );
  backend.add(mockServices.rootLogger.factory({ level: 'error' }));
  // The portal backend's own auth and permission plugins.
  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(permissionModuleSecurityHubApprovers);
  backend.add(securityHubRemediationPlugin);
  await backend.start();

  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(`guest sign-in: ${res.status} ${await res.text()}`);
  const token: string = (await res.json()).backstageIdentity.token;
  return {
    api: `${baseUrl}/api/${PLUGIN_ID}/v1`,
    token,
    stop: () => backend.stop(),
  };
}

/**
 * The built backend as the production test talks to it: its API with the
 * static external-access token, and the findings plugin's sync rows read
 * straight from its database.
 */
import { Client } from 'pg';
import type { SyncStatus } from '@internal/plugin-securityhub-remediation-common';
import type { BuiltInstance, PostgresTarget } from './builtInstance';

export const API = '/api/securityhub-remediation/v1';

/** A check that did not hold; its message says what was seen. */
export class CheckFailure extends Error {}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

export interface Answer {
  status: number;
  body: string;
}

/** One instance as an API client sees it (the static external-access token). */
export class Portal {
  constructor(
    readonly instance: BuiltInstance,
    private readonly token: string,
  ) {}

  get name(): string {
    return this.instance.name;
  }

  async request(
    method: 'GET' | 'POST',
    path: string,
    body?: object,
  ): Promise<Answer> {
    const res = await fetch(`${this.instance.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, body: await res.text() };
  }

  async syncStatus(): Promise<SyncStatus> {
    const answer = await this.request('GET', `${API}/sync/status`);
    check(
      answer.status === 200,
      `${this.name}: GET ${API}/sync/status answered ${answer.status}: ${answer.body}`,
    );
    return JSON.parse(answer.body);
  }
}

/** The findings plugin's sync rows, read straight from its database. */
export class SyncStateRows {
  private constructor(private readonly client: Client) {}

  static async open(target: PostgresTarget): Promise<SyncStateRows> {
    const url = new URL(target.connectionString);
    url.pathname = `/${target.prefix}securityhub-remediation`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    return new SyncStateRows(client);
  }

  async running(): Promise<Array<{ sourceId: string; owner: string | null }>> {
    const { rows } = await this.client.query(
      `select source_id, run_owner from securityhub_sync_state where state = 'running'`,
    );
    return rows.map(r => ({ sourceId: r.source_id, owner: r.run_owner }));
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

import path from 'path';
import type { Knex } from 'knex';
import {
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';

/**
 * SQLite always; PostgreSQL when a server is given through
 * BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING (the test command
 * starts one). REQUIRE_POSTGRES=1 turns a missing server into a failure, so CI
 * can never pass on SQLite alone.
 */
export function findingsTestDatabases(): {
  databases: TestDatabases;
  ids: TestDatabaseId[];
} {
  const ids: TestDatabaseId[] = ['SQLITE_3'];
  const postgres = Object.keys(process.env)
    .map(name =>
      /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(name),
    )
    .find(Boolean);
  if (postgres) {
    ids.push(`POSTGRES_${postgres[1]}` as TestDatabaseId);
  } else if (process.env.REQUIRE_POSTGRES === '1') {
    throw new Error(
      'REQUIRE_POSTGRES=1 but no BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING is set; run the tests through scripts/test.sh, which starts PostgreSQL',
    );
  }
  return {
    databases: TestDatabases.create({ ids, disableDocker: true }),
    ids,
  };
}

/**
 * `describe.each` over the PostgreSQL databases among `ids`, for what only
 * PostgreSQL does; with none configured the block is listed as skipped.
 */
export function describeOnPostgres(
  ids: TestDatabaseId[],
  name: string,
  fn: (databaseId: TestDatabaseId) => void,
): void {
  const postgres = ids.filter(id => id.startsWith('POSTGRES'));
  // The caller's title and block, passed on (the rules read literals only).
  /* eslint-disable jest/valid-title, jest/valid-describe-callback, jest/no-disabled-tests */
  if (postgres.length > 0) describe.each(postgres)(name, fn);
  else describe.skip.each(['-'])(name, () => undefined);
  /* eslint-enable jest/valid-title, jest/valid-describe-callback, jest/no-disabled-tests */
}

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

export async function migrateFindingsDatabase(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: MIGRATIONS_DIR });
}

/** Empties every table of the plugin, between tests. */
export async function clearFindingsDatabase(knex: Knex): Promise<void> {
  await knex('securityhub_finding_details').delete();
  await knex('securityhub_findings').delete();
  await knex('securityhub_sync_state').delete();
  await knex('securityhub_sync_units').delete();
  await knex('securityhub_sync_requests').delete();
}

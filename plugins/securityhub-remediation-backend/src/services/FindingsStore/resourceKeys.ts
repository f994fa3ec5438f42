import type { Knex } from 'knex';
import type { FindingsFilter } from '@internal/plugin-securityhub-remediation-common';
import { DETAILS_TABLE, FINDINGS_TABLE } from './rows';
import { readPlainRows } from './plainRows';

/**
 * The ids and `key=value` tags of every finding's resources, one row each,
 * kept by triggers on the details table (migration 20261207060000).
 */
export const RESOURCE_KEYS_TABLE = 'securityhub_finding_resource_keys';

/**
 * Above every character: `value >= prefix and value < prefix + MAX` is a
 * prefix match in byte order (UTF-8 `F4 8F BF BF` sorts after any text).
 */
const MAX_CHARACTER = '\u{10FFFF}';

/** Whether the filter matches on resource tags or ids, which the counts in memory do not hold. */
export function hasResourceFilter(filter: FindingsFilter): boolean {
  return (
    (filter.resourceTag?.length ?? 0) > 0 ||
    (filter.resourceIdPrefix?.length ?? 0) > 0
  );
}

/**
 * Keeps the findings whose resources carry every tag of the filter and
 * whose resource ids start with one of its prefixes. Each is a lookup on
 * the keys' (kind, value) index.
 */
export function applyResourceFilter(
  query: Knex.QueryBuilder,
  filter: FindingsFilter,
): Knex.QueryBuilder {
  const pk = `${FINDINGS_TABLE}.pk`;
  for (const tag of filter.resourceTag ?? []) {
    query.whereIn(pk, keys =>
      keys
        .select('finding_pk')
        .from(RESOURCE_KEYS_TABLE)
        .where({ kind: 'tag', value: tag }),
    );
  }
  const prefixes = filter.resourceIdPrefix ?? [];
  if (prefixes.length > 0) {
    query.whereIn(pk, keys =>
      idsStartingWith(
        keys.select('finding_pk').from(RESOURCE_KEYS_TABLE),
        prefixes,
      ),
    );
  }
  return query;
}

/** The resource-id keys starting with one of `prefixes`: a range each on the index. */
function idsStartingWith(
  keys: Knex.QueryBuilder,
  prefixes: string[],
): Knex.QueryBuilder {
  return keys.where('kind', 'id').andWhere(any => {
    for (const prefix of prefixes) {
      any.orWhere(range =>
        range
          .where('value', '>=', prefix)
          .andWhere('value', '<', `${prefix}${MAX_CHARACTER}`),
      );
    }
  });
}

/**
 * Fills the keys from every stored finding in one statement: a PostgreSQL
 * first load turns the details' triggers off (one trigger call per finding
 * would cost a tenth of the load) and calls this at its end.
 */
export async function rebuildResourceKeys(trx: Knex.Transaction) {
  await trx(RESOURCE_KEYS_TABLE).delete();
  await trx.raw(
    `insert into ${RESOURCE_KEYS_TABLE} (finding_pk, kind, value)
     select d.finding_pk, k.kind, k.value
       from ${DETAILS_TABLE} d, securityhub_resource_keys_of(d.resources_json) k`,
  );
}

/**
 * The keys of the findings whose resources carry every tag of the filter
 * and whose resource ids start with one of its prefixes, ascending and
 * each once: read from the keys' (kind, value) index alone, one statement
 * per tag and one for the prefixes, and intersected here.
 */
export async function findingsWithResourceKeys(
  db: Knex,
  filter: FindingsFilter,
): Promise<Int32Array> {
  const sets: Int32Array[] = [];
  for (const tag of filter.resourceTag ?? []) {
    const query = db(RESOURCE_KEYS_TABLE)
      .select('finding_pk')
      .where({ kind: 'tag', value: tag })
      .orderBy('finding_pk');
    sets.push(await readKeys(db, query));
  }
  const prefixes = filter.resourceIdPrefix ?? [];
  if (prefixes.length > 0) {
    const query = idsStartingWith(
      db(RESOURCE_KEYS_TABLE).select('finding_pk'),
      prefixes,
    );
    // A finding may name several resources with the prefix.
    sets.push(distinct((await readKeys(db, query)).sort()));
  }
  return sets.reduce(intersect);
}

/** The first column of a query's rows, as numbers. */
async function readKeys(
  db: Knex,
  query: Knex.QueryBuilder,
): Promise<Int32Array> {
  const rows = await readPlainRows(db, query);
  return Int32Array.from(rows, row => Number(row[0]));
}

function distinct(sorted: Int32Array): Int32Array {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i];
  }
  return sorted.subarray(0, n);
}

function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const both = new Int32Array(Math.min(a.length, b.length));
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      both[n++] = a[i];
      i++;
      j++;
    }
  }
  return both.subarray(0, n);
}

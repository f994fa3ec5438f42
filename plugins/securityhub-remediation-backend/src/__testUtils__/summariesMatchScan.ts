import type { Knex } from 'knex';
import {
  findingsListQuerySchema,
  type FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import type { KnexFindingsStore } from '../services/FindingsStore';
import {
  applyFilter,
  applyScope,
  type FindingScope,
} from '../services/FindingsStore/filters';
import { FINDINGS_TABLE } from '../services/FindingsStore/rows';
import { summarizeByScan } from '../services/FindingsStore/summary';

/**
 * Per scope and filter: the store's summary and a list's total equal a
 * GROUP BY over the findings in scope.
 */
export async function expectSummariesMatchScan(
  db: Knex,
  store: KnexFindingsStore,
  scopes: FindingScope[],
  filters: FindingsFilter[],
): Promise<void> {
  for (const scope of scopes) {
    for (const filter of filters) {
      const scanned = await summarizeByScan(
        db,
        narrowed =>
          applyScope(applyFilter(db(FINDINGS_TABLE), narrowed), scope),
        filter,
      );
      expect({
        filter,
        scope,
        summary: await store.summary(filter, scope),
      }).toEqual({ filter, scope, summary: scanned });
      const page = await store.list(
        findingsListQuerySchema.parse({ ...filter, limit: 1 }),
        scope,
      );
      expect({ filter, scope, total: page.totalCount }).toEqual({
        filter,
        scope,
        total: scanned.total,
      });
    }
  }
}

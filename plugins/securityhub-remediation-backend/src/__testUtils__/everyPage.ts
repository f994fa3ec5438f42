import { findingsListQuerySchema } from '@internal/plugin-securityhub-remediation-common';
import type { KnexFindingsStore } from '../services/FindingsStore';
import type { FindingScope } from '../services/FindingsStore/filters';

/** Accounts a conditional read decision may allow, for comparing answers under each. */
export const TEST_SCOPES: FindingScope[] = [
  undefined,
  { awsAccountIds: ['111111111111', '333333333333'] },
  { not: { awsAccountIds: ['333333333333'] } },
];

/** Every page of a listing (7 a page, by cursor) and the total each page gave. */
export async function everyPage(
  store: KnexFindingsStore,
  query: Record<string, unknown>,
  scope: FindingScope,
) {
  const pages: string[][] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(
      findingsListQuerySchema.parse({ ...query, limit: 7, cursor }),
      scope,
    );
    pages.push(page.items.map(f => f.id));
    totals.push(page.totalCount);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { pages, totals };
}

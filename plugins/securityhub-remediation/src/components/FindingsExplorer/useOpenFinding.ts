import useAsync from 'react-use/esm/useAsync';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/core-plugin-api';
import type { Finding } from '@internal/plugin-securityhub-remediation-common';
import { securityHubFindingsApiRef } from '../../api';

/**
 * The finding the query opens in the drawer: the row of the current page,
 * or — for a shared link to a finding on another page or filtered out —
 * the finding read by its id.
 */
export function useOpenFinding(
  id: string | undefined,
  pageItems: Finding[] | undefined,
): {
  finding?: Finding;
  loading: boolean;
  /** Why the finding cannot be shown: not found (or not visible), or a failed request. */
  problem?: string;
} {
  const api = useApi(securityHubFindingsApiRef);
  const onPage = id ? pageItems?.find(f => f.id === id) : undefined;
  const fetched = useAsync(
    async () => (id && !onPage ? api.getFinding(id) : undefined),
    [api, id, Boolean(onPage)],
  );
  if (!id) return { loading: false };
  if (onPage) return { finding: onPage, loading: false };
  if (fetched.error) {
    const notFound =
      ResponseError.is(fetched.error) && fetched.error.statusCode === 404;
    return {
      loading: false,
      problem: notFound
        ? `Finding ${id} was not found: it may have been removed, or you may not be allowed to see it.`
        : `Could not load finding ${id}: ${fetched.error.message}`,
    };
  }
  const finding = fetched.value?.id === id ? fetched.value : undefined;
  return { finding, loading: fetched.loading };
}

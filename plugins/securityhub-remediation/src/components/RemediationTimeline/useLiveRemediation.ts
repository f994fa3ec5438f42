import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  isTerminalRemediationStatus,
  type RemediationDetail,
} from '@internal/plugin-securityhub-remediation-common';
import { securityHubRemediationsApiRef } from '../../api';

/** How often a remediation in flight is read again. */
export const REMEDIATION_POLL_MS = 2000;

/**
 * A remediation kept live: read at once, then every `intervalMs` until it
 * reaches a terminal status or the component unmounts. `replace` takes a
 * fresher record (from a decision or retry) and resumes polling if needed.
 */
export function useLiveRemediation(
  id: string,
  intervalMs: number = REMEDIATION_POLL_MS,
) {
  const api = useApi(securityHubRemediationsApiRef);
  const [detail, setDetail] = useState<RemediationDetail>();
  const [error, setError] = useState<Error>();
  // Bumped to restart polling after a terminal record becomes active again.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const next = await api.get(id, controller.signal);
        if (controller.signal.aborted) return;
        setDetail(next);
        setError(undefined);
        if (!isTerminalRemediationStatus(next.status)) {
          timer = setTimeout(read, intervalMs);
        }
      } catch (e) {
        if (controller.signal.aborted) return;
        setError(e as Error);
        // A passing network or server error should not end the live view;
        // a refusal (404 out of scope, 403) will not change by asking again.
        const status = (e as { statusCode?: number }).statusCode;
        if (!status || status >= 500) timer = setTimeout(read, intervalMs);
      }
    };
    read();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [api, id, intervalMs, generation]);

  const replace = useCallback((next: RemediationDetail) => {
    setDetail(next);
    if (!isTerminalRemediationStatus(next.status)) setGeneration(g => g + 1);
  }, []);

  return { detail, error, replace };
}

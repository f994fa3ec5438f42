import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { securityHubFindingReadPermission } from '@internal/plugin-securityhub-remediation-common';

/**
 * A failed request. A 403 means the permission policy denies reading
 * findings, which is not a fault to debug, so it gets a plain explanation.
 */
export function LoadError(props: { error: Error; title: string }) {
  if (ResponseError.is(props.error) && props.error.statusCode === 403) {
    return (
      <WarningPanel
        severity="info"
        title="You are not allowed to see Security Hub findings"
        message={`Ask your Backstage administrators for the "${securityHubFindingReadPermission.name}" permission.`}
      />
    );
  }
  return <ResponseErrorPanel error={props.error} title={props.title} />;
}

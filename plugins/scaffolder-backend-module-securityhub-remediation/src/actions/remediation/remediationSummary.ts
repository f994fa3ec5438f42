import type { RemediationDetail } from '@internal/plugin-securityhub-remediation-common';

/** Keeps a table cell on one line and its pipes from splitting the row. */
function cell(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

/**
 * The remediation as a Markdown table (status, then one row per stage), for
 * a template's output text.
 */
export function remediationSummary(detail: RemediationDetail): string {
  const rows = [
    '| | | |',
    '|---|---|---|',
    `| Status | **${detail.status}** | ${cell(
      `${detail.controlId} on ${detail.resourceId ?? detail.awsAccountId}`,
    )} |`,
    ...detail.stages.map(
      stage =>
        `| ${stage.name} | ${stage.status}${
          stage.mode === 'local' ? ' (local)' : ''
        } | ${cell(stage.error ?? stage.summary)} |`,
    ),
  ];
  if (detail.approval) {
    rows.push(
      `| Decision | ${detail.approval.decision} by ${cell(
        detail.approval.by,
      )} | ${cell(detail.approval.comment)} |`,
    );
  }
  if (detail.verification) {
    rows.push(
      `| Finding | ${detail.verification.complianceStatus} | ${cell(
        detail.verification.note,
      )} |`,
    );
  }
  return `${rows.join('\n')}\n`;
}

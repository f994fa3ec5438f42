import {
  SEVERITY_LABELS,
  type FindingsTrendDay,
} from '@internal/plugin-securityhub-remediation-common';
import { formatCount } from '../../format';

/** Open findings of a day, all severities. */
export function openTotal(day: FindingsTrendDay): number {
  return SEVERITY_LABELS.reduce((sum, s) => sum + day.open[s], 0);
}

/** One sentence on how the open backlog moved over the days shown. */
export function openSummary(days: FindingsTrendDay[]): string {
  if (days.length === 0) return 'No daily counts recorded yet.';
  const first = days[0];
  const last = days[days.length - 1];
  const from = openTotal(first);
  const to = openTotal(last);
  const change = to - from;
  let trend = 'unchanged';
  if (change > 0) trend = `up ${formatCount(change)}`;
  if (change < 0) trend = `down ${formatCount(-change)}`;
  return `Open findings went from ${formatCount(from)} on ${
    first.date
  } to ${formatCount(to)} on ${last.date} (${trend}).`;
}

/** One sentence comparing new and resolved findings over the days shown. */
export function changesSummary(days: FindingsTrendDay[]): string {
  const created = days.reduce((sum, d) => sum + d.new, 0);
  const resolved = days.reduce((sum, d) => sum + d.resolved, 0);
  let verdict = 'as many resolved as new';
  if (resolved > created) verdict = 'the backlog is shrinking';
  if (resolved < created) verdict = 'the backlog is growing';
  return `${formatCount(created)} new and ${formatCount(
    resolved,
  )} resolved findings over ${days.length} days: ${verdict}.`;
}

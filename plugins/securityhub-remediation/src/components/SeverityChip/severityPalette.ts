import {
  SEVERITY_LABELS,
  type SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';

/** Background and text colour of one severity. */
export interface SeverityColors {
  background: string;
  text: string;
}

/**
 * The one place severity colours are defined, so chips, counts and the drawer
 * agree. Text colours keep at least WCAG AA contrast on their background.
 */
export const SEVERITY_PALETTE: Record<SeverityLabel, SeverityColors> = {
  CRITICAL: { background: '#7f0000', text: '#ffffff' },
  HIGH: { background: '#bf360c', text: '#ffffff' },
  MEDIUM: { background: '#ffb300', text: '#000000' },
  LOW: { background: '#1565c0', text: '#ffffff' },
  INFORMATIONAL: { background: '#616161', text: '#ffffff' },
};

/** Severities from most to least severe, the order people scan them in. */
export const SEVERITIES_DESCENDING: readonly SeverityLabel[] = [
  ...SEVERITY_LABELS,
].reverse();

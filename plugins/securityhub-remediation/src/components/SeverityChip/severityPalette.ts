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

/**
 * A severity's colour for text on the theme's paper (counts in tables),
 * where the chip colours above are too dark on the dark theme's paper.
 * Each keeps at least WCAG AA contrast (4.5:1) on Backstage's light paper
 * (#ffffff) and dark paper and background (#424242, #333333).
 */
export const SEVERITY_TEXT_ON_PAPER: Record<
  'light' | 'dark',
  Record<SeverityLabel, string>
> = {
  light: {
    CRITICAL: '#7f0000',
    HIGH: '#bf360c',
    MEDIUM: '#8a5a00',
    LOW: '#1565c0',
    INFORMATIONAL: '#616161',
  },
  dark: {
    CRITICAL: '#ff9e9e',
    HIGH: '#ffab91',
    MEDIUM: '#ffd54f',
    LOW: '#90caf9',
    INFORMATIONAL: '#e0e0e0',
  },
};

import { useTheme } from '@material-ui/core/styles';
import type { SeverityLabel } from '@internal/plugin-securityhub-remediation-common';
import { SEVERITY_TEXT_ON_PAPER } from '../SeverityChip';

/** Chart colours of the current theme. */
export interface ChartColors {
  severity: Record<SeverityLabel, string>;
  created: string;
  resolved: string;
  axis: string;
  grid: string;
}

/**
 * The severity palette's colours for marks on the theme's paper: each keeps
 * at least 4.5:1 contrast on the light and the dark paper, so areas and bars
 * stay distinct from the background (WCAG's 3:1 for graphics) and their
 * labels readable. New and resolved borrow HIGH and LOW.
 */
export function useChartColors(): ChartColors {
  const theme = useTheme();
  const severity = SEVERITY_TEXT_ON_PAPER[theme.palette.type];
  return {
    severity,
    created: severity.HIGH,
    resolved: severity.LOW,
    axis: theme.palette.text.secondary,
    grid: theme.palette.divider,
  };
}

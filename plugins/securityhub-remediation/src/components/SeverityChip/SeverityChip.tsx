import Chip from '@material-ui/core/Chip';
import type { SeverityLabel } from '@internal/plugin-securityhub-remediation-common';
import { SEVERITY_PALETTE } from './severityPalette';

/** A small chip in the severity's colour. */
export function SeverityChip(props: { severity: SeverityLabel }) {
  const colors = SEVERITY_PALETTE[props.severity];
  return (
    <Chip
      size="small"
      label={props.severity}
      style={{
        backgroundColor: colors.background,
        color: colors.text,
        fontWeight: 600,
      }}
    />
  );
}

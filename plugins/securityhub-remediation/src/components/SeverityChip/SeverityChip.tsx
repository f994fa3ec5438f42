import { makeStyles } from '@material-ui/core/styles';
import type { SeverityLabel } from '@internal/plugin-securityhub-remediation-common';
import { SEVERITY_PALETTE } from './severityPalette';

// The look of a small Material UI chip, as one styled span: the findings
// table shows one per row, and the chip component cost several times more
// to render.
const useStyles = makeStyles(theme => ({
  chip: {
    display: 'inline-flex',
    alignItems: 'center',
    height: 24,
    padding: theme.spacing(0, 1),
    borderRadius: 12,
    fontFamily: theme.typography.fontFamily,
    fontSize: theme.typography.pxToRem(13),
    fontWeight: 600,
    whiteSpace: 'nowrap',
  },
}));

/** A small chip in the severity's colour. */
export function SeverityChip(props: { severity: SeverityLabel }) {
  const classes = useStyles();
  const colors = SEVERITY_PALETTE[props.severity];
  return (
    <span
      className={classes.chip}
      style={{ backgroundColor: colors.background, color: colors.text }}
    >
      {props.severity}
    </span>
  );
}

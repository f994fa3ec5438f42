import { makeStyles } from '@material-ui/core/styles';
import type { BackstageTheme } from '@backstage/theme';
import type { Finding } from '@internal/plugin-securityhub-remediation-common';

const useStyles = makeStyles((theme: BackstageTheme) => ({
  label: { display: 'inline-flex', alignItems: 'center', gap: 6 },
  // The dot carries the colour; the text stays in the body colour, so it
  // reads at AA contrast in both themes.
  dot: {
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: '50%',
    flexShrink: 0,
  },
  FAILED: { backgroundColor: theme.palette.status.error },
  WARNING: { backgroundColor: theme.palette.status.warning },
  PASSED: { backgroundColor: theme.palette.status.ok },
  NOT_AVAILABLE: { backgroundColor: theme.palette.status.aborted },
}));

/** A compliance status as a coloured dot and its name (failed in red). */
export function ComplianceStatusLabel(props: {
  status: Finding['complianceStatus'];
}) {
  const classes = useStyles();
  if (!props.status) return <>—</>;
  return (
    <span className={classes.label}>
      <span
        className={`${classes.dot} ${classes[props.status]}`}
        aria-hidden="true"
      />
      {props.status}
    </span>
  );
}

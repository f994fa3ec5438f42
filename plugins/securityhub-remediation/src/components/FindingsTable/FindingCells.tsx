import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { Finding } from '@internal/plugin-securityhub-remediation-common';

const ellipsis = {
  display: 'block',
  maxWidth: 200,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

const useStyles = makeStyles({
  resourceType: ellipsis,
  resourceId: {
    ...ellipsis,
    fontFamily: 'monospace',
    fontSize: '0.8rem',
  },
});

/**
 * The part of a resource id a person recognizes: the name after the last `/`
 * or `:` of an ARN (bucket, security group, role…), or the id itself.
 */
export function resourceShortName(resourceId: string): string {
  if (!resourceId.startsWith('arn:')) return resourceId;
  const afterService = resourceId.split(':').slice(5).join(':');
  const name = afterService.split('/').pop() ?? '';
  return name || afterService || resourceId;
}

/** Resource type over its short name; the full id is in a tooltip. */
export function ResourceCell(props: { finding: Finding }) {
  const classes = useStyles();
  const { resourceType, resourceId, resources } = props.finding;
  if (!resourceId) return <>—</>;
  const more = resources.length - 1;
  return (
    <Box>
      <Typography
        variant="caption"
        color="textSecondary"
        component="div"
        className={classes.resourceType}
      >
        {resourceType}
        {more > 0 ? ` (+${more} more)` : ''}
      </Typography>
      {/* The browser's own tooltip: a Tooltip component per row cost more to
          render than the rest of the row. */}
      <span className={classes.resourceId} title={resourceId}>
        {resourceShortName(resourceId)}
      </span>
    </Box>
  );
}

/** Compliance status with the catalog's status icons (failed reads as an error). */
export function ComplianceStatusLabel(props: {
  status: Finding['complianceStatus'];
}) {
  switch (props.status) {
    case 'FAILED':
      return <StatusError>FAILED</StatusError>;
    case 'WARNING':
      return <StatusWarning>WARNING</StatusWarning>;
    case 'PASSED':
      return <StatusOK>PASSED</StatusOK>;
    case 'NOT_AVAILABLE':
      return <StatusAborted>NOT_AVAILABLE</StatusAborted>;
    default:
      return <>—</>;
  }
}

import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import BuildIcon from '@material-ui/icons/Build';
import { Link as RouterLink } from 'react-router-dom';
import { remediateWizardHref } from '../../remediationLinks';

/**
 * Where "Remediate" leads: the "Remediate finding" wizard with the finding
 * filled in (its `findingId` parameter).
 */
export function remediateHref(findingId: string): string {
  return remediateWizardHref(findingId);
}

const NO_FINDING_HINT = 'Ask from a finding to remediate it';

export function RemediateButton(props: { findingId?: string }) {
  if (!props.findingId) {
    // The hint is also shown as text: a disabled button cannot be focused to
    // reveal its tooltip.
    return (
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Tooltip title={NO_FINDING_HINT}>
          {/* A disabled button gets no pointer events; the span shows the tooltip. */}
          <span>
            <Button
              variant="contained"
              color="primary"
              startIcon={<BuildIcon />}
              disabled
            >
              Remediate
            </Button>
          </span>
        </Tooltip>
        <Typography variant="caption" color="textSecondary">
          {NO_FINDING_HINT}
        </Typography>
      </Box>
    );
  }
  return (
    <Button
      variant="contained"
      color="primary"
      startIcon={<BuildIcon />}
      component={RouterLink}
      to={remediateHref(props.findingId)}
      // ButtonBase makes any non-<a> component a "button"; this one navigates.
      role="link"
    >
      Remediate
    </Button>
  );
}

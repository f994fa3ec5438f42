import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Skeleton from '@material-ui/lab/Skeleton';
import type {
  FindingsSummary,
  SeverityLabel,
} from '@internal/plugin-securityhub-remediation-common';
import { formatCount } from '../../format';
import { SEVERITIES_DESCENDING, SEVERITY_PALETTE } from '../SeverityChip';

const useStyles = makeStyles(theme => ({
  chip: {
    // Inline colours hide MUI's focus shade, so mark keyboard focus explicitly.
    '&:focus': {
      outline: `2px solid ${theme.palette.text.primary}`,
      outlineOffset: 2,
    },
  },
}));

export interface SeverityCountsProps {
  /** Summary of the current filters; undefined until the first load. */
  summary?: FindingsSummary;
  /** Severities currently filtered on (none = all). */
  selected: readonly SeverityLabel[];
  onToggle: (severity: SeverityLabel) => void;
}

/**
 * Total and per-severity counts of the findings matching the filters. Each
 * severity is a toggle button for the severity filter and counts what it
 * would match with the other filters (its facet), so picking HIGH leaves
 * the other severities' counts in view. Skeletons stand in until the first
 * summary arrives.
 */
export function SeverityCounts(props: SeverityCountsProps) {
  const classes = useStyles();
  const { summary, selected } = props;
  const total = summary?.total;

  return (
    <Paper>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        p={2}
        style={{ gap: 16 }}
      >
        <Box mr={2}>
          <Typography
            variant="h4"
            component="p"
            data-testid="findings-total"
            data-count={total ?? ''}
          >
            {total === undefined ? (
              <Skeleton width={96} data-testid="findings-total-loading" />
            ) : (
              formatCount(total)
            )}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            findings match the filters
          </Typography>
        </Box>
        {SEVERITIES_DESCENDING.map(severity => {
          const count = summary
            ? summary.facets.severity[severity] ?? 0
            : undefined;
          const isSelected = selected.includes(severity);
          // With no severity filter every severity is "in", so all are filled.
          const filled = selected.length === 0 || isSelected;
          const colors = SEVERITY_PALETTE[severity];
          return (
            <Chip
              key={severity}
              className={classes.chip}
              clickable
              onClick={() => props.onToggle(severity)}
              aria-pressed={isSelected}
              aria-label={`${severity}: ${
                count === undefined ? 'loading' : formatCount(count)
              } findings. ${isSelected ? 'Remove' : 'Add'} severity filter`}
              data-testid={`severity-count-${severity}`}
              data-count={count ?? ''}
              variant={filled ? 'default' : 'outlined'}
              style={
                filled
                  ? { backgroundColor: colors.background, color: colors.text }
                  : { borderColor: colors.background, borderWidth: 2 }
              }
              label={
                <span>
                  {severity}{' '}
                  {count === undefined ? (
                    <Skeleton
                      variant="text"
                      width={28}
                      style={{ display: 'inline-block' }}
                      data-testid={`severity-count-${severity}-loading`}
                    />
                  ) : (
                    <strong>{formatCount(count)}</strong>
                  )}
                </span>
              }
            />
          );
        })}
      </Box>
    </Paper>
  );
}

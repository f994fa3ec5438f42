import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  Finding,
  FindingResource,
} from '@internal/plugin-securityhub-remediation-common';
import { formatTimestamp } from '../../format';
import { RelativeTime } from '../RelativeTime';

const useStyles = makeStyles(theme => ({
  fields: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.75),
    margin: 0,
    '& dt': {
      color: theme.palette.text.secondary,
    },
    '& dd': {
      margin: 0,
      wordBreak: 'break-word',
    },
  },
  resource: {
    borderLeft: `3px solid ${theme.palette.divider}`,
    paddingLeft: theme.spacing(1.5),
    marginBottom: theme.spacing(1.5),
  },
  mono: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    wordBreak: 'break-all',
  },
}));

/** A titled block of the drawer. */
export function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box component="section" mt={3}>
      <Typography variant="h6" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/** A definition list of label/value pairs; empty values show an em dash. */
export interface Field {
  label: string;
  value: ReactNode;
}

export function Fields(props: { entries: Field[] }) {
  const classes = useStyles();
  return (
    <dl className={classes.fields}>
      {props.entries.map(({ label, value }) => (
        <Box key={label} display="contents">
          <dt>
            <Typography variant="body2" component="span">
              {label}
            </Typography>
          </dt>
          <dd>
            <Typography variant="body2" component="span">
              {value ?? '—'}
            </Typography>
          </dd>
        </Box>
      ))}
    </dl>
  );
}

export function ResourceList(props: { resources: FindingResource[] }) {
  const classes = useStyles();
  if (props.resources.length === 0) {
    return <Typography variant="body2">No resources listed.</Typography>;
  }
  return (
    <>
      {props.resources.map(resource => (
        <Box
          key={`${resource.type}:${resource.id}`}
          className={classes.resource}
        >
          <Typography variant="body2" color="textSecondary">
            {resource.type}
            {resource.region ? ` · ${resource.region}` : ''}
          </Typography>
          <Typography variant="body2" className={classes.mono}>
            {resource.id}
          </Typography>
          {resource.tags && Object.keys(resource.tags).length > 0 && (
            <Box mt={0.5} display="flex" flexWrap="wrap" style={{ gap: 4 }}>
              {Object.entries(resource.tags).map(([key, value]) => (
                <Chip
                  key={key}
                  size="small"
                  variant="outlined"
                  label={`${key}=${value}`}
                />
              ))}
            </Box>
          )}
        </Box>
      ))}
    </>
  );
}

function Timestamp(props: { value: string | null }) {
  if (!props.value) return <>—</>;
  return (
    <>
      {formatTimestamp(props.value)} (<RelativeTime value={props.value} />)
    </>
  );
}

/** When AWS observed the problem and when this portal saw the finding. */
export function Timeline(props: { finding: Finding }) {
  const f = props.finding;
  return (
    <Fields
      entries={[
        {
          label: 'First observed (AWS)',
          value: <Timestamp value={f.firstObservedAt} />,
        },
        {
          label: 'Last observed (AWS)',
          value: <Timestamp value={f.lastObservedAt} />,
        },
        { label: 'Created (AWS)', value: <Timestamp value={f.createdAt} /> },
        { label: 'Updated (AWS)', value: <Timestamp value={f.updatedAt} /> },
        {
          label: 'First seen by the portal',
          value: <Timestamp value={f.firstSeenAt} />,
        },
        {
          label: 'Last changed in the portal',
          value: <Timestamp value={f.lastSeenAt} />,
        },
        { label: 'Resolved at', value: <Timestamp value={f.resolvedAt} /> },
      ]}
    />
  );
}

import type { MouseEvent } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import type { Finding } from '@internal/plugin-securityhub-remediation-common';

/*
 * The table's cells are plain elements styled by one style sheet, not
 * Material UI components: a page change renders 50 rows of ~10 cells, and
 * a component per cell (each with its own styles hook) was most of the time
 * between the API's answer and the rows on screen.
 */

const ellipsis = {
  display: 'block',
  maxWidth: 200,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

export const useCellStyles = makeStyles(theme => ({
  // Short values (chips, ids, statuses, dates) never break inside a word.
  nowrap: { whiteSpace: 'nowrap' },
  // The title takes whatever width the other columns leave.
  titleCell: { width: '100%', minWidth: 160 },
  resourceCell: { maxWidth: 224 },
  row: { cursor: 'pointer' },
  link: {
    color: theme.palette.primary.main,
    textDecoration: 'none',
    '&:hover': { textDecoration: 'underline' },
  },
  // A button that reads as a link: the row's keyboard entry to the drawer.
  titleButton: {
    ...theme.typography.body2,
    fontWeight: 500,
    textAlign: 'left',
    color: theme.palette.primary.main,
    background: 'none',
    border: 0,
    padding: 0,
    cursor: 'pointer',
    '&:hover': { textDecoration: 'underline' },
  },
  caption: {
    ...theme.typography.caption,
    color: theme.palette.text.secondary,
  },
  resourceType: {
    ...theme.typography.caption,
    ...ellipsis,
    color: theme.palette.text.secondary,
  },
  resourceId: { ...ellipsis, fontFamily: 'monospace', fontSize: '0.8rem' },
  checkbox: {
    width: 18,
    height: 18,
    margin: theme.spacing(0, 1),
    verticalAlign: 'middle',
    accentColor: theme.palette.secondary.main,
    cursor: 'pointer',
  },
}));

export type CellClasses = ReturnType<typeof useCellStyles>;

/** Clicks on links and controls in a row must not also open the drawer. */
export const stopRowClick = (event: MouseEvent) => event.stopPropagation();

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

/** Resource type over its short name; the full id is the browser's tooltip. */
export function ResourceCell(props: {
  finding: Finding;
  classes: CellClasses;
}) {
  const { finding, classes } = props;
  const { resourceType, resourceId, resources } = finding;
  if (!resourceId) return <>—</>;
  const more = resources.length - 1;
  return (
    <>
      <div className={classes.resourceType}>
        {resourceType}
        {more > 0 ? ` (+${more} more)` : ''}
      </div>
      <span className={classes.resourceId} title={resourceId}>
        {resourceShortName(resourceId)}
      </span>
    </>
  );
}

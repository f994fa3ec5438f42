import type { ReactNode } from 'react';
import type {
  Finding,
  FindingSortField,
} from '@internal/plugin-securityhub-remediation-common';
import { RelativeTime } from '../RelativeTime';
import { SeverityChip } from '../SeverityChip';
import { AccountName, type EntityPath } from './AccountName';
import { ComplianceStatusLabel } from './ComplianceStatusLabel';
import { ControlLink } from './ControlLink';
import { ResourceCell, stopRowClick, type CellClasses } from './FindingCells';
import type { AwsAccountDirectory } from './useAwsAccounts';

export interface CellContext {
  onSelect: (finding: Finding) => void;
  accounts: AwsAccountDirectory;
  entityPath: EntityPath;
  classes: CellClasses;
}

export type CellClass = 'nowrap' | 'titleCell' | 'resourceCell';

export interface FindingColumn {
  label: string;
  /**
   * Left out when the table's container is narrower than this (px), so the
   * table fits from 1280 px windows up instead of scrolling sideways; the
   * drawer still shows the value.
   */
  hideBelow?: number;
  sortField?: FindingSortField;
  /** Class of the body cells; header cells never wrap. */
  cellClass: CellClass;
  render: (finding: Finding, context: CellContext) => ReactNode;
}

export const FINDING_COLUMNS: readonly FindingColumn[] = [
  {
    label: 'Severity',
    sortField: 'severity',
    cellClass: 'nowrap',
    render: f => <SeverityChip severity={f.severity} />,
  },
  {
    label: 'Title',
    sortField: 'title',
    cellClass: 'titleCell',
    // A button, so keyboard users reach the drawer with Tab and Enter.
    render: (f, { onSelect, classes }) => (
      <button
        type="button"
        className={classes.titleButton}
        onClick={event => {
          // The row handles clicks too; open the drawer once.
          stopRowClick(event);
          onSelect(f);
        }}
      >
        {f.title}
      </button>
    ),
  },
  {
    label: 'Control',
    sortField: 'controlId',
    cellClass: 'nowrap',
    render: (f, { classes }) => (
      <ControlLink controlId={f.controlId} className={classes.link} />
    ),
  },
  {
    label: 'Account',
    sortField: 'awsAccountId',
    cellClass: 'nowrap',
    render: (f, { accounts, entityPath, classes }) => (
      <AccountName
        accountId={f.awsAccountId}
        directory={accounts}
        entityPath={entityPath}
        linkClass={classes.link}
        captionClass={classes.caption}
      />
    ),
  },
  {
    label: 'Region',
    hideBelow: 1400,
    cellClass: 'nowrap',
    render: f => f.region,
  },
  {
    label: 'Resource',
    cellClass: 'resourceCell',
    render: (f, { classes }) => <ResourceCell finding={f} classes={classes} />,
  },
  {
    label: 'Compliance',
    hideBelow: 1000,
    cellClass: 'nowrap',
    render: f => <ComplianceStatusLabel status={f.complianceStatus} />,
  },
  {
    label: 'Workflow',
    hideBelow: 1150,
    cellClass: 'nowrap',
    render: f => f.workflowStatus,
  },
  {
    label: 'Updated',
    sortField: 'updatedAt',
    cellClass: 'nowrap',
    render: f => <RelativeTime value={f.updatedAt} />,
  },
  {
    label: 'First seen',
    sortField: 'firstSeenAt',
    hideBelow: 1400,
    cellClass: 'nowrap',
    render: f => <RelativeTime value={f.firstSeenAt} />,
  },
];

const columnSets = new Map<string, readonly FindingColumn[]>();

/**
 * The columns shown at a container width. The same set is the same array,
 * so a resize that moves no breakpoint leaves the memoized rows alone.
 */
export function visibleColumns(
  hideAccount: boolean,
  width: number | undefined,
): readonly FindingColumn[] {
  const shown = FINDING_COLUMNS.filter(
    column =>
      !(column.label === 'Account' && hideAccount) &&
      !(
        column.hideBelow !== undefined &&
        width !== undefined &&
        width < column.hideBelow
      ),
  );
  const key = shown.map(column => column.label).join('|');
  const known = columnSets.get(key);
  if (known) return known;
  columnSets.set(key, shown);
  return shown;
}

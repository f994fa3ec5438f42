import type { MouseEvent } from 'react';
import Checkbox from '@material-ui/core/Checkbox';
import TableCell from '@material-ui/core/TableCell';
import type { Finding } from '@internal/plugin-securityhub-remediation-common';

/** Rows picked for a bulk action, by finding id. */
export interface FindingsSelection {
  selectedIds: ReadonlySet<string>;
  onChange: (selectedIds: Set<string>) => void;
}

/** Header checkbox: selects or clears every finding of the page shown. */
export function SelectPageCell(props: {
  findings: Finding[];
  selection: FindingsSelection;
}) {
  const { findings, selection } = props;
  const onPage = findings.filter(f => selection.selectedIds.has(f.id)).length;
  const all = findings.length > 0 && onPage === findings.length;
  return (
    <TableCell padding="checkbox">
      <Checkbox
        size="small"
        checked={all}
        indeterminate={onPage > 0 && !all}
        disabled={findings.length === 0}
        inputProps={{ 'aria-label': 'Select all findings on this page' }}
        onChange={() => {
          const next = new Set(selection.selectedIds);
          for (const f of findings) {
            if (all) next.delete(f.id);
            else next.add(f.id);
          }
          selection.onChange(next);
        }}
      />
    </TableCell>
  );
}

/** Row checkbox; a click on it does not open the drawer. */
export function SelectRowCell(props: {
  finding: Finding;
  selection: FindingsSelection;
}) {
  const { finding, selection } = props;
  return (
    <TableCell
      padding="checkbox"
      onClick={(event: MouseEvent) => event.stopPropagation()}
    >
      <Checkbox
        size="small"
        checked={selection.selectedIds.has(finding.id)}
        inputProps={{ 'aria-label': `Select finding ${finding.title}` }}
        onChange={(_event, checked) => {
          const next = new Set(selection.selectedIds);
          if (checked) next.add(finding.id);
          else next.delete(finding.id);
          selection.onChange(next);
        }}
      />
    </TableCell>
  );
}

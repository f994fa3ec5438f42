import { useEffect, useRef } from 'react';
import TableCell from '@material-ui/core/TableCell';
import type { Finding } from '@internal/plugin-securityhub-remediation-common';
import type { CellClasses } from './FindingCells';

/** Rows picked for a bulk action, by finding id. */
export interface FindingsSelection {
  selectedIds: ReadonlySet<string>;
  onChange: (selectedIds: Set<string>) => void;
}

/**
 * Header checkbox: selects or clears every finding of the page shown. A
 * native checkbox like the rows' (`indeterminate` is a property, not an
 * attribute, hence the ref).
 */
export function SelectPageCell(props: {
  findings: Finding[];
  selection: FindingsSelection;
  classes: CellClasses;
}) {
  const { findings, selection } = props;
  const onPage = findings.filter(f => selection.selectedIds.has(f.id)).length;
  const all = findings.length > 0 && onPage === findings.length;
  const input = useRef<HTMLInputElement>(null);
  const indeterminate = onPage > 0 && !all;
  useEffect(() => {
    if (input.current) input.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <TableCell padding="checkbox">
      <input
        ref={input}
        type="checkbox"
        className={props.classes.checkbox}
        checked={all}
        disabled={findings.length === 0}
        aria-label="Select all findings on this page"
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

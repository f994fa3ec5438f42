import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Skeleton from '@material-ui/lab/Skeleton';

/** Placeholder rows while the first page loads, so the table does not read "no findings". */
export function SkeletonRows(props: { columns: number; rows?: number }) {
  return (
    <>
      {Array.from({ length: props.rows ?? 5 }, (_, row) => (
        <TableRow key={row} data-testid="finding-row-loading">
          {Array.from({ length: props.columns }, (__, column) => (
            <TableCell key={column}>
              <Skeleton variant="text" />
            </TableCell>
          ))}
        </TableRow>
      ))}
    </>
  );
}

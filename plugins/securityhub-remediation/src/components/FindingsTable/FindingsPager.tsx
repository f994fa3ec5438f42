import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ChevronLeft from '@material-ui/icons/ChevronLeft';
import ChevronRight from '@material-ui/icons/ChevronRight';
import { formatCount } from '../../format';

export interface FindingsPagerProps {
  /** Zero-based index of the current page. */
  pageIndex: number;
  pageSize: number;
  pageSizeOptions: readonly number[];
  /** Rows on the current page. */
  itemCount: number;
  /** Rows matching the filters on all pages. */
  totalCount: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onPageSizeChange: (pageSize: number) => void;
}

/** `1–50 of 1,234`, or `0 of 0` for an empty result. */
export function pageRangeLabel(
  pageIndex: number,
  pageSize: number,
  itemCount: number,
  totalCount: number,
): string {
  if (itemCount === 0) return `0 of ${formatCount(totalCount)}`;
  const first = pageIndex * pageSize + 1;
  const last = first + itemCount - 1;
  return `${formatCount(first)}–${formatCount(last)} of ${formatCount(
    totalCount,
  )}`;
}

/**
 * Previous/next paging for cursor-based results: the backend cannot jump to
 * page N, so there are no page numbers, only the range being shown.
 */
export function FindingsPager(props: FindingsPagerProps) {
  return (
    <Box
      display="flex"
      alignItems="center"
      justifyContent="flex-end"
      flexWrap="wrap"
      px={2}
      py={1}
      style={{ gap: 16 }}
    >
      <TextField
        select
        size="small"
        id="findings-page-size"
        label="Rows per page"
        value={props.pageSize}
        onChange={event => props.onPageSizeChange(Number(event.target.value))}
        style={{ minWidth: 120 }}
      >
        {props.pageSizeOptions.map(size => (
          <MenuItem key={size} value={size}>
            {size}
          </MenuItem>
        ))}
      </TextField>
      <Typography variant="body2" data-testid="findings-page-range">
        {pageRangeLabel(
          props.pageIndex,
          props.pageSize,
          props.itemCount,
          props.totalCount,
        )}
      </Typography>
      <Box>
        <IconButton
          aria-label="Previous page"
          disabled={!props.hasPrevious}
          onClick={props.onPrevious}
        >
          <ChevronLeft />
        </IconButton>
        <IconButton
          aria-label="Next page"
          disabled={!props.hasNext}
          onClick={props.onNext}
        >
          <ChevronRight />
        </IconButton>
      </Box>
    </Box>
  );
}

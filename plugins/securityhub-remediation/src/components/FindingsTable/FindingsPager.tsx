import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ChevronLeft from '@material-ui/icons/ChevronLeft';
import ChevronRight from '@material-ui/icons/ChevronRight';
import FirstPage from '@material-ui/icons/FirstPage';
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
  /**
   * Zero-based pages that can be opened directly: every page down to the
   * backend's deepest offset, and those whose cursor is known (seen since the
   * page loaded); deeper pages are reached with Next.
   */
  reachablePages?: readonly number[];
  onGoTo?: (pageIndex: number) => void;
  /** Above or below the rows; the ids and test ids of the top one are suffixed. */
  position?: 'top' | 'bottom';
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
 * Paging for cursor-based results: first, previous and next, and a jump to
 * any page the backend can open directly (see `reachablePages`).
 */
export function FindingsPager(props: FindingsPagerProps) {
  const position = props.position ?? 'bottom';
  const suffix = position === 'top' ? '-top' : '';
  const pages = [
    ...new Set([...(props.reachablePages ?? []), props.pageIndex]),
  ].sort((a, b) => a - b);
  return (
    <Box
      component="nav"
      aria-label={`Findings pages, ${position}`}
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
        id={`findings-page-size${suffix}`}
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
      {props.onGoTo && pages.length > 1 && (
        <TextField
          select
          size="small"
          id={`findings-page-jump${suffix}`}
          label="Page"
          value={props.pageIndex}
          onChange={event => props.onGoTo?.(Number(event.target.value))}
          style={{ minWidth: 80 }}
        >
          {pages.map(index => (
            <MenuItem key={index} value={index}>
              {index + 1}
            </MenuItem>
          ))}
        </TextField>
      )}
      <Typography variant="body2" data-testid={`findings-page-range${suffix}`}>
        {pageRangeLabel(
          props.pageIndex,
          props.pageSize,
          props.itemCount,
          props.totalCount,
        )}
      </Typography>
      <Box>
        {props.onGoTo && (
          <IconButton
            aria-label="First page"
            disabled={props.pageIndex === 0}
            onClick={() => props.onGoTo?.(0)}
          >
            <FirstPage />
          </IconButton>
        )}
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

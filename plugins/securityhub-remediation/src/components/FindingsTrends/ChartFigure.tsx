import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';

/** Height of every trends chart, in pixels. */
export const CHART_HEIGHT = 240;

export interface ChartTable {
  columns: string[];
  rows: Array<Array<string | number>>;
}

export interface ChartFigureProps {
  title: string;
  /** One or two sentences saying what the chart shows; read out with it. */
  summary: string;
  /** The chart's data as a table, for screen readers and keyboard users. */
  table: ChartTable;
  children: ReactNode;
}

/**
 * A titled chart with its text summary and its data as a table. The chart
 * itself is hidden from assistive technology: the summary and the table
 * (behind a disclosure) say what it shows.
 */
export function ChartFigure(props: ChartFigureProps) {
  const { title, summary, table, children } = props;
  // From the title, not React's useId: the plugin supports React 16 and 17.
  const titleId = `findings-trends-${title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <Box component="figure" m={0} aria-labelledby={titleId}>
      <Typography variant="h6" component="h3" id={titleId}>
        {title}
      </Typography>
      <Typography variant="body2" color="textSecondary" component="p">
        {summary}
      </Typography>
      <div aria-hidden="true" style={{ width: '100%', height: CHART_HEIGHT }}>
        {children}
      </div>
      <details>
        <summary>
          <Typography variant="body2" component="span">
            {title}: data table
          </Typography>
        </summary>
        <Box maxHeight={320} overflow="auto">
          <Table size="small" aria-label={`${title}: data`}>
            <TableHead>
              <TableRow>
                {table.columns.map(column => (
                  <TableCell key={column} component="th" scope="col">
                    {column}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {table.rows.map(row => (
                <TableRow key={String(row[0])}>
                  {row.map((cell, i) => (
                    <TableCell
                      key={table.columns[i]}
                      component={i === 0 ? 'th' : 'td'}
                      scope={i === 0 ? 'row' : undefined}
                      align={typeof cell === 'number' ? 'right' : 'left'}
                    >
                      {cell}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </details>
    </Box>
  );
}

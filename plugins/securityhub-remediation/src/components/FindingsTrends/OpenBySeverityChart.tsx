import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { FindingsTrendDay } from '@internal/plugin-securityhub-remediation-common';
import { SEVERITIES_DESCENDING } from '../SeverityChip';
import { ChartFigure } from './ChartFigure';
import { useChartColors } from './chartColors';
import { openSummary, openTotal } from './trendsSummaries';

/** `2026-12-04` → `12-04`: the year is the same on almost every tick. */
export const shortDate = (date: string) => date.slice(5);

/** Open findings per day, stacked by severity (least severe at the bottom). */
export function OpenBySeverityChart(props: { days: FindingsTrendDay[] }) {
  const { days } = props;
  const colors = useChartColors();
  const data = days.map(d => ({ date: d.date, ...d.open }));
  return (
    <ChartFigure
      title="Open findings by severity"
      summary={openSummary(days)}
      table={{
        columns: ['Date', ...SEVERITIES_DESCENDING, 'Total'],
        rows: days.map(d => [
          d.date,
          ...SEVERITIES_DESCENDING.map(s => d.open[s]),
          openTotal(d),
        ]),
      }}
    >
      <ResponsiveContainer>
        <AreaChart data={data}>
          <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="date"
            tickFormatter={shortDate}
            stroke={colors.axis}
            minTickGap={24}
          />
          <YAxis stroke={colors.axis} allowDecimals={false} />
          <Tooltip />
          <Legend />
          {[...SEVERITIES_DESCENDING].reverse().map(severity => (
            <Area
              key={severity}
              type="monotone"
              dataKey={severity}
              stackId="open"
              stroke={colors.severity[severity]}
              fill={colors.severity[severity]}
              fillOpacity={0.85}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

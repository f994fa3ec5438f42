import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { FindingsTrendDay } from '@internal/plugin-securityhub-remediation-common';
import { ChartFigure } from './ChartFigure';
import { useChartColors } from './chartColors';
import { shortDate } from './OpenBySeverityChart';
import { changesSummary } from './trendsSummaries';

/** New and resolved findings per day, side by side. */
export function NewVsResolvedChart(props: { days: FindingsTrendDay[] }) {
  const { days } = props;
  const colors = useChartColors();
  const data = days.map(d => ({
    date: d.date,
    New: d.new,
    Resolved: d.resolved,
  }));
  return (
    <ChartFigure
      title="New vs resolved per day"
      summary={changesSummary(days)}
      table={{
        columns: ['Date', 'New', 'Resolved'],
        rows: days.map(d => [d.date, d.new, d.resolved]),
      }}
    >
      <ResponsiveContainer>
        <BarChart data={data}>
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
          <Bar dataKey="New" fill={colors.created} isAnimationActive={false} />
          <Bar
            dataKey="Resolved"
            fill={colors.resolved}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { CountBucket } from '@internal/plugin-securityhub-remediation-common';
import { formatCount } from '../../format';
import { ChartFigure } from './ChartFigure';
import { useChartColors } from './chartColors';

/** Bars shown at most; the table lists the same. */
export const MAX_BARS = 10;

export interface CountBarsChartProps {
  title: string;
  /** What a bucket is, in the table header and the summary (`Control`, `Account`). */
  keyLabel: string;
  buckets: CountBucket[];
  /** A longer name of a bucket, for the table (a control's title). */
  describe?: (bucket: CountBucket) => string | undefined;
}

/**
 * Failed findings of the buckets with the most, as horizontal bars
 * (critical and high of those in the table), from the summary of the
 * findings shown.
 */
export function CountBarsChart(props: CountBarsChartProps) {
  const { title, keyLabel, describe } = props;
  const colors = useChartColors();
  const buckets = [...props.buckets]
    .filter(b => b.failed > 0)
    .sort((a, b) => b.failed - a.failed || a.key.localeCompare(b.key))
    .slice(0, MAX_BARS);
  const top = buckets[0];
  const summary = top
    ? `${keyLabel} ${top.key} has the most failed findings (${formatCount(
        top.failed,
      )}) of the ${buckets.length} shown.`
    : 'No failed findings in the findings shown.';
  return (
    <ChartFigure
      title={title}
      summary={summary}
      table={{
        columns: [
          keyLabel,
          ...(describe ? ['Name'] : []),
          'Failed',
          'Critical',
          'High',
        ],
        rows: buckets.map(b => [
          b.key,
          ...(describe ? [describe(b) ?? ''] : []),
          b.failed,
          b.critical,
          b.high,
        ]),
      }}
    >
      <ResponsiveContainer>
        <BarChart
          data={buckets.map(b => ({ key: b.key, Failed: b.failed }))}
          layout="vertical"
          margin={{ left: 16 }}
        >
          <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
          <XAxis type="number" stroke={colors.axis} allowDecimals={false} />
          <YAxis
            type="category"
            dataKey="key"
            stroke={colors.axis}
            width={110}
          />
          <Tooltip />
          <Bar
            dataKey="Failed"
            fill={colors.severity.HIGH}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

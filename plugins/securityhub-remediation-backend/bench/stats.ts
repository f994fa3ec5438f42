import fs from 'fs/promises';
import path from 'path';

export const round = (value: number, digits = 1) =>
  Math.round(value * 10 ** digits) / 10 ** digits;

/** p50, p95 and max of samples (nearest rank), rounded. */
export function percentiles(samples: number[], digits = 1) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return {
    n: sorted.length,
    p50: round(at(0.5), digits),
    p95: round(at(0.95), digits),
    max: round(sorted[sorted.length - 1], digits),
  };
}

/** Latency percentiles of repeated runs of an async operation. */
export async function measureLatency(
  run: () => Promise<unknown>,
  options: { warmup?: number; iterations?: number } = {},
): Promise<{ p50: number; p95: number; max: number; n: number }> {
  for (let i = 0; i < (options.warmup ?? 5); i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < (options.iterations ?? 40); i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return percentiles(samples);
}
/** Prints rows as an aligned text table. */
export function printTable(
  title: string,
  rows: Array<Record<string, unknown>>,
) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const cells = rows.map(row => columns.map(c => String(row[c] ?? '')));
  const widths = columns.map((c, i) =>
    Math.max(c.length, ...cells.map(r => r[i].length)),
  );
  const line = (values: string[]) =>
    values.map((v, i) => v.padEnd(widths[i])).join('  ');
  console.log(`\n${title}`);
  console.log(line(columns));
  console.log(line(widths.map(w => '-'.repeat(w))));
  for (const r of cells) console.log(line(r));
}

/** Writes a run's figures as JSON (the README's tables are copied from them). */
export async function writeResults(
  file: string,
  results: { durationSeconds: number; [field: string]: unknown },
): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `\nWrote ${path.relative(process.cwd(), file)} in ${
      results.durationSeconds
    } s`,
  );
}

import type { ControlRetriever } from '../ControlRetriever';
import developmentJson from './developmentQueries.json';
import heldOutJson from './heldOutQueries.json';
import heldOut2Json from './heldOutQueries2.json';
import heldOut3Json from './heldOutQueries3.json';
import heldOut4Json from './heldOutQueries4.json';
import heldOut5Json from './heldOutQueries5.json';
import queriesJson from './queries.json';

/** How the query is phrased, to report accuracy per style. */
export type EvaluationQueryKind =
  | 'id'
  | 'title'
  | 'paraphrase'
  | 'typo'
  | 'symptom'
  | 'service'
  | 'finding';

export interface EvaluationQuery {
  query: string;
  /** The one control the query is about. */
  expected: string;
  kind: EvaluationQueryKind;
}

export interface EvaluationMiss extends EvaluationQuery {
  /** Control ids returned, best first. */
  got: string[];
}

export interface EvaluationReport {
  queries: number;
  /** Share of queries whose expected control ranks first. */
  top1: number;
  /** Share of queries whose expected control is in the first three. */
  top3: number;
  /** Queries whose expected control is not ranked first. */
  misses: EvaluationMiss[];
  latencyMs: { p50: number; p95: number };
}

export const EVALUATION_QUERIES = queriesJson as EvaluationQuery[];

/**
 * Queries by two independent authors who never saw the retriever (353). Each
 * set was measured before it was used (top-1 84.4 % each), then used to
 * improve the retriever: development data now, kept as a regression floor.
 */
export const DEVELOPMENT_QUERIES = developmentJson as EvaluationQuery[];

/**
 * Queries by a third independent author who saw only the control catalog
 * (180), measured once after the retriever was tuned and never used to tune
 * it: the honest figure. Tuning against it would make it development data.
 */
export const HELD_OUT_QUERIES = heldOutJson as EvaluationQuery[];

/**
 * Queries by a fourth independent author who saw only the control catalog
 * (200; a quarter about one of two easily confused sibling controls, six
 * naming legacy PCI DSS ids). Measured once, before anything was tuned on
 * it: top-1 92.5 %, top-3 98.5 %. Then used to tune (AWS Config rule names
 * read as ids, everyday words for stopped, unused, scheduled deletion and
 * connection draining, Firehose and Transfer Family by their nicknames):
 * development data since, its floor a regression guard.
 */
export const HELD_OUT_QUERIES_2 = heldOut2Json as EvaluationQuery[];
/** The once-measured figures of {@link HELD_OUT_QUERIES_2}. */
export const HELD_OUT_2_FIRST_MEASURE = { top1: 0.925, top3: 0.985 };

/**
 * Queries by a fifth independent author who saw only the control catalog
 * (200, as many sibling pairs and five legacy PCI DSS ids), written after
 * the tuning on the fourth set and measured once: top-1 93.5 %, top-3
 * 99.0 %. Then tuned on (everyday words for default settings, read vs
 * write, failed rotation, leaving the VPC, cross-zone, endpoints reached
 * without the VPN): development data since, its floor that first measure.
 */
export const HELD_OUT_QUERIES_3 = heldOut3Json as EvaluationQuery[];
/** The once-measured figures of {@link HELD_OUT_QUERIES_3}. */
export const HELD_OUT_3_MEASURE = { top1: 0.935, top3: 0.99 };

/**
 * Queries by a sixth independent author who saw only the control catalog
 * (200, as many sibling pairs), written while the fifth set was tuned on
 * and measured once after: top-1 95.5 %, top-3 99.5 %. Then tuned on
 * (automatic rotation configured, fine-grained access, shared snapshots,
 * data disks, data on disk, Redshift Serverless by name): development data
 * since, its floor that first measure.
 */
export const HELD_OUT_QUERIES_4 = heldOut4Json as EvaluationQuery[];
/** The once-measured figures of {@link HELD_OUT_QUERIES_4}. */
export const HELD_OUT_4_MEASURE = { top1: 0.955, top3: 0.995 };

/**
 * Queries by a seventh independent author who saw only the control catalog
 * (200, as many sibling pairs), written while the sixth set was tuned on
 * and measured once after all tuning: top-1 97.5 %, top-3 100 %. Never
 * tuned on: the honest figure; its floor is that measure.
 */
export const HELD_OUT_QUERIES_5 = heldOut5Json as EvaluationQuery[];
/** The once-measured figures of {@link HELD_OUT_QUERIES_5}. */
export const HELD_OUT_5_MEASURE = { top1: 0.975, top3: 1 };

function percentile(sortedValues: number[], fraction: number): number {
  if (sortedValues.length === 0) return 0;
  const rank = Math.ceil(fraction * sortedValues.length) - 1;
  return sortedValues[Math.min(Math.max(rank, 0), sortedValues.length - 1)];
}

/**
 * Runs every query through the retriever, one at a time so latency is per
 * query, and scores top-1/top-3 accuracy against the expected control.
 */
export async function evaluateRetriever(
  retriever: ControlRetriever,
  queries: readonly EvaluationQuery[] = EVALUATION_QUERIES,
): Promise<EvaluationReport> {
  const latencies: number[] = [];
  const misses: EvaluationMiss[] = [];
  let top1 = 0;
  let top3 = 0;
  for (const item of queries) {
    const started = performance.now();
    const ranked = await retriever.retrieve({ text: item.query }, { limit: 3 });
    latencies.push(performance.now() - started);
    const got = ranked.map(r => r.controlId);
    if (got[0] === item.expected) top1 += 1;
    else misses.push({ ...item, got });
    if (got.includes(item.expected)) top3 += 1;
  }
  latencies.sort((a, b) => a - b);
  const count = Math.max(queries.length, 1);
  return {
    queries: queries.length,
    top1: top1 / count,
    top3: top3 / count,
    misses,
    latencyMs: {
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
    },
  };
}

/** One line per miss, for test failure messages and the benchmark. */
export function formatMisses(misses: readonly EvaluationMiss[]): string {
  return misses
    .map(
      m =>
        `[${m.kind}] expected ${m.expected}, got ${
          m.got.join(', ') || '(none)'
        }: ${m.query.slice(0, 120)}`,
    )
    .join('\n');
}

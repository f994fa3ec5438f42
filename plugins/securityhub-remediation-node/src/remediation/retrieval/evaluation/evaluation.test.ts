import { getControl } from '@internal/plugin-securityhub-remediation-common';
import { LocalControlRetriever } from '../LocalControlRetriever';
import {
  DEVELOPMENT_QUERIES,
  HELD_OUT_QUERIES,
  HELD_OUT_QUERIES_2,
  HELD_OUT_2_FIRST_MEASURE,
  HELD_OUT_QUERIES_3,
  HELD_OUT_3_MEASURE,
  HELD_OUT_QUERIES_4,
  HELD_OUT_4_MEASURE,
  HELD_OUT_QUERIES_5,
  HELD_OUT_5_MEASURE,
  EVALUATION_QUERIES,
  evaluateRetriever,
  formatMisses,
} from './evaluate';

describe('evaluation set', () => {
  it('names only catalog controls and covers the required spread', () => {
    const unknown = EVALUATION_QUERIES.filter(
      q => getControl(q.expected)?.id !== q.expected,
    );
    expect(unknown).toEqual([]);
    const count = (kind: string) =>
      EVALUATION_QUERIES.filter(q => q.kind === kind).length;
    expect(EVALUATION_QUERIES.length).toBeGreaterThanOrEqual(160);
    expect(
      new Set(EVALUATION_QUERIES.map(q => q.expected)).size,
    ).toBeGreaterThanOrEqual(60);
    expect(
      new Set(EVALUATION_QUERIES.map(q => getControl(q.expected)?.service))
        .size,
    ).toBeGreaterThanOrEqual(15);
    expect(count('typo')).toBeGreaterThanOrEqual(20);
    expect(count('symptom')).toBeGreaterThanOrEqual(25);
    expect(count('finding')).toBeGreaterThanOrEqual(15);
    const oldWordings = EVALUATION_QUERIES.filter(
      q =>
        q.kind === 'title' &&
        getControl(q.expected)?.titleVariants.some(
          v => v.toLowerCase() === q.query.toLowerCase(),
        ),
    );
    expect(oldWordings.length).toBeGreaterThanOrEqual(15);
  });

  it('every finding query is ASFF JSON text', () => {
    for (const q of EVALUATION_QUERIES.filter(x => x.kind === 'finding')) {
      const parsed = JSON.parse(q.query);
      expect(parsed).toHaveProperty('Title');
      expect(parsed).toHaveProperty('Resources');
    }
  });
});

describe('LocalControlRetriever over the evaluation set', () => {
  it('ranks the expected control first for ≥95% and in the top 3 for ≥98%', async () => {
    const report = await evaluateRetriever(new LocalControlRetriever());
    const summary = `top-1 ${report.top1.toFixed(
      3,
    )}, top-3 ${report.top3.toFixed(3)}\nMisses:\n${formatMisses(
      report.misses,
    )}`;
    if (report.top1 < 0.95 || report.top3 < 0.98) throw new Error(summary);
    expect(report.queries).toBe(EVALUATION_QUERIES.length);
  });

  it.each([
    ['development', DEVELOPMENT_QUERIES, 350],
    ['held-out', HELD_OUT_QUERIES, 180],
  ] as const)(
    'ranks the expected control first for ≥95%% of the %s queries of independent authors',
    async (_name, queries, size) => {
      const unknown = queries.filter(
        q => getControl(q.expected)?.id !== q.expected,
      );
      expect(unknown).toEqual([]);
      const report = await evaluateRetriever(
        new LocalControlRetriever(),
        queries,
      );
      expect(report.queries).toBeGreaterThanOrEqual(size);
      const summary = `top-1 ${report.top1.toFixed(
        3,
      )}, top-3 ${report.top3.toFixed(3)}`;
      if (report.top1 < 0.95 || report.top3 < 0.98) {
        throw new Error(`${summary}\n${formatMisses(report.misses)}`);
      }
    },
  );

  it.each([
    ['fourth', HELD_OUT_QUERIES_2, HELD_OUT_2_FIRST_MEASURE],
    ['fifth', HELD_OUT_QUERIES_3, HELD_OUT_3_MEASURE],
    ['sixth', HELD_OUT_QUERIES_4, HELD_OUT_4_MEASURE],
    ['seventh', HELD_OUT_QUERIES_5, HELD_OUT_5_MEASURE],
  ] as const)(
    'keeps the %s author’s set at least where it was measured once',
    async (_name, queries, measure) => {
      expect(
        queries.filter(q => getControl(q.expected)?.id !== q.expected),
      ).toEqual([]);
      const report = await evaluateRetriever(
        new LocalControlRetriever(),
        queries,
      );
      expect(report.queries).toBe(200);
      expect(report.top1).toBeGreaterThanOrEqual(measure.top1);
      expect(report.top3).toBeGreaterThanOrEqual(measure.top3);
    },
  );
});

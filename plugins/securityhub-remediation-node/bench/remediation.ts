/**
 * Remediation engine benchmark: render + validation time of every template
 * the engine can produce (in-process, and with cfn-lint on a sample), the
 * validator's acceptance of real AWS documents and one call over many
 * files, and retrieval accuracy and latency over every query set. Prints tables and
 * writes bench/results/remediation.json at the repository root.
 *
 *   yarn bench:remediation            (repository root)
 */
import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import { listControls } from '@internal/plugin-securityhub-remediation-common';
import { LocalControlRetriever } from '../src/remediation/retrieval/LocalControlRetriever';
import {
  EVALUATION_QUERIES,
  DEVELOPMENT_QUERIES,
  HELD_OUT_QUERIES,
  HELD_OUT_QUERIES_2,
  HELD_OUT_2_FIRST_MEASURE,
  HELD_OUT_QUERIES_3,
  HELD_OUT_3_MEASURE,
  HELD_OUT_QUERIES_4,
  HELD_OUT_4_MEASURE,
  HELD_OUT_QUERIES_5,
  type EvaluationQuery,
  evaluateRetriever,
  formatMisses,
} from '../src/remediation/retrieval/evaluation/evaluate';
import { renderRemediation } from '../src/remediation/templates/renderRemediation';
import {
  findCfnLint,
  preloadResourceSpec,
  runCfnLintOnText,
  validateRemediationFile,
} from '../src/remediation/validation';
import { coverageReport } from '../src/remediation/coverage';
import {
  VALIDATOR_TARGETS,
  benchValidatorCorpus,
  printValidatorCorpus,
} from './validatorCorpus';

const RESULTS_FILE = path.resolve(
  __dirname,
  '../../../bench/results/remediation.json',
);
const TARGETS = {
  renderValidateMs: 200,
  withCfnLintMs: 2000,
  top1: 0.95,
  retrievalP95Ms: 5,
};
/** Templates linted one by one (each run is a cfn-lint process, ~1.3 s). */
const CFN_LINT_SAMPLE = Number(process.env.BENCH_CFN_LINT_SAMPLE ?? 12);
const RETRIEVAL_PASSES = 5;

/** The query sets of independent authors, as reported (see evaluate.ts). */
const QUERY_SETS: Array<{
  key: string;
  label: string;
  queries: readonly EvaluationQuery[];
  firstMeasure?: { top1: number; top3: number };
}> = [
  {
    key: 'development',
    label: 'development sets (independent authors, tuned on)',
    queries: DEVELOPMENT_QUERIES,
  },
  {
    key: 'heldOut',
    label: 'held-out set (independent author, never tuned on)',
    queries: HELD_OUT_QUERIES,
  },
  ...[
    ['heldOut2', 'fourth', HELD_OUT_QUERIES_2, HELD_OUT_2_FIRST_MEASURE],
    ['heldOut3', 'fifth', HELD_OUT_QUERIES_3, HELD_OUT_3_MEASURE],
    ['heldOut4', 'sixth', HELD_OUT_QUERIES_4, HELD_OUT_4_MEASURE],
  ].map(([key, author, queries, measure]) => ({
    key: key as string,
    label: `${author} author's set (first measure top-1 ${
      (measure as { top1: number }).top1 * 100
    } %, tuned on since)`,
    queries: queries as EvaluationQuery[],
    firstMeasure: measure as { top1: number; top3: number },
  })),
  {
    key: 'heldOut5',
    label:
      "seventh author's set (measured once after all tuning, never tuned on)",
    queries: HELD_OUT_QUERIES_5,
  },
];

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[
      Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)
    ] ?? 0
  );
}
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

async function main() {
  // 1. Render + in-process validation of every automated control.
  let start = performance.now();
  preloadResourceSpec();
  const specLoadMs = performance.now() - start;
  const automated = listControls()
    .map(c => c.id)
    .filter(id => {
      const kind = renderRemediation({ controlId: id }).kind;
      return kind === 'aws-runbook' || kind === 'curated';
    });
  const timings: number[] = [];
  const invalid: string[] = [];
  const texts: Array<{ name: string; text: string }> = [];
  for (let pass = 0; pass < 3; pass++) {
    for (const id of automated) {
      start = performance.now();
      const answer = renderRemediation({ controlId: id });
      if (answer.kind !== 'aws-runbook' && answer.kind !== 'curated') continue;
      const report = validateRemediationFile(
        answer.templateYaml,
        `${answer.name}.yaml`,
      );
      const ms = performance.now() - start;
      if (pass === 0) {
        if (!report.valid) invalid.push(id);
        texts.push({ name: `${answer.name}.yaml`, text: answer.templateYaml });
      } else {
        timings.push(ms); // pass 0 warms the JIT and the API index
      }
    }
  }

  // 2. With cfn-lint, one process per template as the Validate stage runs it.
  const lintTimings: number[] = [];
  const lintErrors: string[] = [];
  const cfnLint = findCfnLint();
  if (cfnLint) {
    const step = Math.max(1, Math.floor(texts.length / CFN_LINT_SAMPLE));
    for (const { name, text } of texts
      .filter((_, i) => i % step === 0)
      .slice(0, CFN_LINT_SAMPLE)) {
      start = performance.now();
      validateRemediationFile(text, name);
      const lint = await runCfnLintOnText(text, name);
      lintTimings.push(performance.now() - start);
      if (lint.problems.some(p => p.severity === 'error'))
        lintErrors.push(name);
    }
  }

  // 3. The validator on the acceptance corpus, and many files in one call.
  const validator = await benchValidatorCorpus();

  // 4. Retrieval over the evaluation set.
  const retriever = new LocalControlRetriever();
  const { indexBuildMs } = retriever.warmUp();
  await evaluateRetriever(retriever);
  const passes = [];
  for (let i = 0; i < RETRIEVAL_PASSES; i++)
    passes.push(await evaluateRetriever(retriever));
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const retrieval = passes[passes.length - 1];
  const sets = [];
  for (const set of QUERY_SETS)
    sets.push({
      ...set,
      report: await evaluateRetriever(retriever, set.queries),
    });
  const heldOut = sets.find(s => s.key === 'heldOut')!.report;
  const retrievalP50 = median(passes.map(p => p.latencyMs.p50));
  const retrievalP95 = median(passes.map(p => p.latencyMs.p95));

  const coverage = coverageReport().totals;
  const render = {
    templates: texts.length,
    invalid,
    specLoadMs: round(specLoadMs, 0),
    p50Ms: round(percentile(timings, 0.5)),
    p95Ms: round(percentile(timings, 0.95)),
    maxMs: round(Math.max(...timings)),
  };
  const withCfnLint = cfnLint
    ? {
        sample: lintTimings.length,
        p50Ms: round(percentile(lintTimings, 0.5), 0),
        p95Ms: round(percentile(lintTimings, 0.95), 0),
        maxMs: round(Math.max(...lintTimings), 0),
        templatesWithErrors: lintErrors,
      }
    : { skipped: 'cfn-lint is not installed' };

  console.log('\nRender + validation per template');
  console.table([
    {
      check: 'in-process',
      templates: render.templates,
      'p50 ms': render.p50Ms,
      'p95 ms': render.p95Ms,
      'max ms': render.maxMs,
      target: `< ${TARGETS.renderValidateMs} ms: ${verdict(
        render.p95Ms < TARGETS.renderValidateMs,
      )}`,
    },
    ...('sample' in withCfnLint
      ? [
          {
            check: 'with cfn-lint',
            templates: withCfnLint.sample,
            'p50 ms': withCfnLint.p50Ms,
            'p95 ms': withCfnLint.p95Ms,
            'max ms': withCfnLint.maxMs,
            target: `< ${TARGETS.withCfnLintMs} ms: ${verdict(
              (withCfnLint.p95Ms ?? Infinity) < TARGETS.withCfnLintMs,
            )}`,
          },
        ]
      : []),
  ]);
  console.log(
    `(first call loads the CloudFormation resource specification once: ${render.specLoadMs} ms)`,
  );
  printValidatorCorpus(validator);
  console.log('\nControl retrieval');
  console.table(
    [
      ['own evaluation set', retrieval, retrievalP50, retrievalP95],
      ...sets.map(set => [
        set.label,
        set.report,
        set.report.latencyMs.p50,
        set.report.latencyMs.p95,
      ]),
    ].map(([set, report, p50, p95]) => {
      const r = report as typeof retrieval;
      return {
        set,
        queries: r.queries,
        'top-1': round(r.top1, 3),
        'top-3': round(r.top3, 3),
        'p50 ms': round(p50 as number, 3),
        'p95 ms': round(p95 as number, 3),
        target: `top-1 ≥ 95 %, p95 < 5 ms: ${verdict(
          r.top1 >= TARGETS.top1 && (p95 as number) < TARGETS.retrievalP95Ms,
        )}`,
      };
    }),
  );
  console.log(`(index build ${round(indexBuildMs, 1)} ms)`);
  if (retrieval.misses.length)
    console.log(`Misses (top-1):\n${formatMisses(retrieval.misses)}`);
  if (heldOut.misses.length)
    console.log(`Held-out misses (top-1):\n${formatMisses(heldOut.misses)}`);
  console.log('\nCoverage (FSBP)');
  console.table([coverage]);

  const results = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    targets: { ...TARGETS, validator: VALIDATOR_TARGETS },
    render,
    withCfnLint,
    validator,
    retrieval: {
      queries: retrieval.queries,
      kinds: [...new Set(EVALUATION_QUERIES.map(q => q.kind))],
      top1: retrieval.top1,
      top3: retrieval.top3,
      latencyMs: { p50: retrievalP50, p95: retrievalP95 },
      indexBuildMs,
      misses: retrieval.misses,
      ...Object.fromEntries(
        sets.map(set => [
          set.key,
          {
            queries: set.report.queries,
            ...(set.firstMeasure ? { firstMeasure: set.firstMeasure } : {}),
            top1: set.report.top1,
            top3: set.report.top3,
            latencyMs: set.report.latencyMs,
            misses: set.report.misses,
          },
        ]),
      ),
    },
    coverage,
  };
  await fs.mkdir(path.dirname(RESULTS_FILE), { recursive: true });
  await fs.writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * The validator on real AWS material: acceptance of the corpus, and the
 * wall time of one `yarn remediation validate` call over many files (the
 * pipeline's Validate stage on a large change), cfn-lint included.
 */
import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import {
  loadAcceptanceCorpus,
  measureAcceptance,
} from '../src/remediation/validation/acceptanceCorpus';
import { findCfnLint } from '../src/remediation/validation';
import { main as remediationCli } from '../src/remediation/cli/main';

export const VALIDATOR_TARGETS = { acceptance: 0.98, manyFilesSeconds: 60 };
const MANY_FILES = Number(process.env.BENCH_VALIDATE_FILES ?? 500);

export async function benchValidatorCorpus() {
  const corpus = loadAcceptanceCorpus();
  const acceptance = measureAcceptance(corpus);

  // Many files in one call: the corpus repeated under distinct names.
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'validate-many-'));
  try {
    const files: string[] = [];
    for (let i = 0; i < MANY_FILES; i++) {
      const document = corpus[i % corpus.length];
      const file = path.join(directory, `${i}-${document.file}`);
      await fs.writeFile(file, document.text);
      files.push(file);
    }
    const templates = files.filter((_, i) =>
      corpus[i % corpus.length].set.includes('cloudformation'),
    ).length;
    const start = performance.now();
    const output: string[] = [];
    const exitCode = await remediationCli(
      ['validate', '--report-policy', '--json', ...files],
      { out: text => output.push(text), err: text => output.push(text) },
    );
    const seconds = (performance.now() - start) / 1000;
    const results: Array<{ report: { valid: boolean } }> = JSON.parse(
      output.join('\n'),
    );
    return {
      acceptance: {
        documents: acceptance.documents,
        accepted: acceptance.accepted,
        rate: acceptance.rate,
        bySet: acceptance.bySet,
        rejected: acceptance.rejected.map(r => ({
          file: `${r.set}/${r.file}`,
          rules: [...new Set(r.errors.map(e => e.rule))],
        })),
      },
      manyFiles: {
        files: MANY_FILES,
        templates,
        cfnLint: findCfnLint() ? 'one run for all templates' : 'not installed',
        seconds: Number(seconds.toFixed(2)),
        valid: results.filter(r => r.report.valid).length,
        exitCode,
      },
    };
  } finally {
    await fs.rm(directory, { recursive: true, force: true });
  }
}

export function printValidatorCorpus(
  result: Awaited<ReturnType<typeof benchValidatorCorpus>>,
) {
  const { acceptance, manyFiles } = result;
  console.log('\nValidator on real AWS documents (acceptance corpus)');
  console.table([
    ...Object.entries(acceptance.bySet).map(([set, counts]) => ({
      set,
      documents: counts.documents,
      accepted: counts.accepted,
      rate: Number((counts.accepted / counts.documents).toFixed(3)),
    })),
    {
      set: 'all',
      documents: acceptance.documents,
      accepted: acceptance.accepted,
      rate: Number(acceptance.rate.toFixed(3)),
      target: `≥ ${VALIDATOR_TARGETS.acceptance * 100} %: ${
        acceptance.rate >= VALIDATOR_TARGETS.acceptance ? 'met' : 'MISSED'
      }`,
    },
  ]);
  for (const rejected of acceptance.rejected)
    console.log(`  rejected ${rejected.file}: ${rejected.rules.join(', ')}`);
  console.log(`\nOne validate call over ${manyFiles.files} files`);
  console.table([
    {
      files: manyFiles.files,
      templates: manyFiles.templates,
      'cfn-lint': manyFiles.cfnLint,
      seconds: manyFiles.seconds,
      valid: manyFiles.valid,
      target: `< ${VALIDATOR_TARGETS.manyFilesSeconds} s: ${
        manyFiles.seconds < VALIDATOR_TARGETS.manyFilesSeconds
          ? 'met'
          : 'MISSED'
      }`,
    },
  ]);
}

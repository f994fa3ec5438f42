import { spawnSync } from 'child_process';
import { basename } from 'path';
import { plantDefects } from './__testUtils__/corpusDefects';
import { loadAcceptanceCorpus, measureAcceptance } from './acceptanceCorpus';
import { runCfnLintOnFiles } from './cfnLint';
import { validateRemediationFile } from './validateTemplate';

/** What the validator must accept of real, valid AWS material. */
const ACCEPTANCE_TARGET = 0.98;

const corpus = loadAcceptanceCorpus();

describe('the acceptance corpus', () => {
  it('holds each kind of AWS material, every file with its source and licence', () => {
    const sets = new Set(corpus.map(d => d.set));
    expect([...sets].sort()).toEqual([
      'aws-owned-runbooks',
      'cloudformation-templates',
      'ssm-guide-examples',
    ]);
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    const unsourced = corpus.filter(d => !d.source).map(d => d.file);
    expect(unsourced).toEqual([]);
  });
});

describe('validator acceptance of real AWS documents', () => {
  it(`accepts at least ${
    ACCEPTANCE_TARGET * 100
  } % of the corpus, and each set on its own`, () => {
    const report = measureAcceptance(corpus);
    const listed = report.rejected.map(
      r =>
        `${r.set}/${r.file}: ${r.errors
          .map(e => `${e.rule} at ${e.path}: ${e.message}`)
          .join('; ')}`,
    );
    // eslint-disable-next-line no-console
    if (listed.length) console.log(`rejected:\n${listed.join('\n')}`);
    expect(report.rate).toBeGreaterThanOrEqual(ACCEPTANCE_TARGET);
    for (const set of Object.values(report.bySet))
      expect(set.accepted / set.documents).toBeGreaterThanOrEqual(
        ACCEPTANCE_TARGET,
      );
  });

  /**
   * Published AWS examples cfn-lint rejects although AWS accepts them, so
   * that a cfn-lint upgrade that fixes them shows here.
   */
  const CFN_LINT_REJECTS: Record<string, string> = {
    // E3051 "a string or stream input is required": cfn-lint hands PyYAML's
    // C loader a str subclass when Content is a JSON string.
    'ug-command-document-json-string.json': 'E3051',
    'ug-distributor-package-attachments.json': 'E3051',
    // Change Calendar content is iCalendar text (DocumentFormat TEXT), which
    // cfn-lint tries to read as JSON/YAML.
    'ug-change-calendar.yaml': 'E3051',
  };

  it('every other template of the corpus is one cfn-lint accepts (one run for all)', async () => {
    if (spawnSync('cfn-lint', ['--version']).error) return;
    const templates = corpus
      .filter(d => d.set === 'cloudformation-templates')
      .map(d => d.path);
    const lint = await runCfnLintOnFiles(templates);
    expect(lint.skipped).toBeUndefined();
    const withErrors = Object.fromEntries(
      [...lint.byFile]
        .map(([file, problems]) => [
          basename(file),
          [
            ...new Set(
              problems
                .filter(p => p.severity === 'error')
                .map(p => p.rule.replace('cfn-lint-', '')),
            ),
          ].join(','),
        ])
        .filter(([, rules]) => rules),
    );
    expect(withErrors).toEqual(CFN_LINT_REJECTS);
  }, 120_000);
});

describe('a real defect planted in any corpus document is still rejected, naming the place', () => {
  const cases = corpus.flatMap(document =>
    plantDefects(document.text).map(
      defect => [`${document.file}: ${defect.name}`, defect] as const,
    ),
  );

  it('plants the step-graph and API defects in most documents', () => {
    const planted = new Set(cases.map(([, d]) => d.name));
    expect([...planted].sort()).toEqual([
      'API call that does not exist',
      'duplicate step name',
      'next step that does not exist',
      'not YAML',
      'unknown action',
    ]);
    expect(cases.length).toBeGreaterThan(corpus.length * 3);
  });

  it.each(cases)('%s', (_, defect) => {
    const report = validateRemediationFile(defect.text, 'planted.yaml', {
      policy: 'report',
    });
    expect(report.valid).toBe(false);
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        rule: defect.rule,
        severity: 'error',
        path: expect.stringMatching(
          new RegExp(`^${defect.pathPrefix.replace(/[.[\]]/g, '\\$&')}`),
        ),
      }),
    );
  });
});

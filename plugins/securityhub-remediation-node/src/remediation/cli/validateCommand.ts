import { readFile } from 'fs/promises';
import {
  runCfnLintOnFiles,
  validateRemediationFile,
  type ValidationReport,
} from '../validation';
import ruleDocumentation from '../validation/ruleDocumentation.json';
import { UsageError, type ParsedArgs } from './args';
import type { CliIo } from './main';

interface FileResult {
  file: string;
  report: ValidationReport;
  cfnLint: 'passed' | 'failed' | string;
}

/**
 * The checks the portal runs before staging, for the pipeline's Validate
 * stage: in-process validation always, cfn-lint when it is installed.
 */
/** The AWS documentation page a rule enforces, when it is one of ours. */
function documentationOf(rule: string): string | undefined {
  return (
    ruleDocumentation as Record<string, { documentation: string } | undefined>
  )[rule]?.documentation;
}

export async function validateCommand(
  args: ParsedArgs,
  io: CliIo,
): Promise<number> {
  if (args.positional.length === 0)
    throw new UsageError('validate needs at least one file');
  const results: FileResult[] = [];
  for (const file of args.positional) {
    // A document from elsewhere: only whether AWS accepts it decides.
    const report = validateRemediationFile(await readFile(file, 'utf8'), file, {
      policy: args.flags['report-policy'] ? 'report' : 'enforce',
    });
    results.push({
      file,
      report,
      cfnLint:
        report.kind === 'template'
          ? 'not run (--no-cfn-lint)'
          : 'not run (bare Automation document)',
    });
  }
  const templates = results.filter(r => r.report.kind === 'template');
  if (templates.length > 0 && !args.flags['no-cfn-lint']) {
    // One cfn-lint start for every template of the call.
    const lint = await runCfnLintOnFiles([
      ...new Set(templates.map(r => r.file)),
    ]);
    for (const result of templates) {
      const problems = lint.byFile.get(result.file) ?? [];
      result.report.problems.push(...problems);
      if (lint.skipped) result.cfnLint = `skipped: ${lint.skipped}`;
      else
        result.cfnLint = problems.some(p => p.severity === 'error')
          ? 'failed'
          : 'passed';
    }
  }
  for (const { report } of results)
    report.valid = !report.problems.some(p => p.severity === 'error');

  if (args.flags.json) {
    io.out(JSON.stringify(results, null, 2));
  } else {
    for (const { file, report, cfnLint } of results) {
      io.out(
        `${file}: ${report.valid ? 'valid' : 'INVALID'} (${
          report.kind
        }; cfn-lint ${cfnLint})`,
      );
      const policy = new Set(report.policy);
      for (const p of report.problems.filter(q => !policy.has(q))) {
        io.out(`  ${p.severity} ${p.rule} at ${p.path || '/'}: ${p.message}`);
        const documented = documentationOf(p.rule);
        if (documented) io.out(`    (${documented})`);
      }
      if (report.policy.length > 0) {
        io.out(
          `  least-privilege policy (${
            args.flags['report-policy'] ? 'reported' : 'enforced'
          }):`,
        );
        for (const p of report.policy) {
          io.out(
            `    ${p.severity} ${p.rule} at ${p.path || '/'}: ${p.message}`,
          );
        }
      }
    }
  }
  return results.every(r => r.report.valid) ? 0 : 1;
}

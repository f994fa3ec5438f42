import { readFile } from 'fs/promises';
import {
  runCfnLint,
  validateRemediationFile,
  type ValidationReport,
} from '../validation';
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
    let cfnLint = 'not run (bare Automation document)';
    if (report.kind === 'template' && !args.flags['no-cfn-lint']) {
      const lint = await runCfnLint(file);
      if (lint.skipped) {
        cfnLint = `skipped: ${lint.skipped}`;
      } else {
        report.problems.push(...lint.problems);
        cfnLint = lint.problems.some(p => p.severity === 'error')
          ? 'failed'
          : 'passed';
      }
    }
    report.valid = !report.problems.some(p => p.severity === 'error');
    results.push({ file, report, cfnLint });
  }

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

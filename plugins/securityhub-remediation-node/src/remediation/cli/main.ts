import { UsageError, parseArgs } from './args';
import { retrieveCommand } from './retrieveCommand';
import { renderCommand } from './renderCommand';
import { validateCommand } from './validateCommand';
import { coverageCommand } from './coverageCommand';
import { catalogRefreshCommand } from './catalogRefreshCommand';

const USAGE = `Usage: yarn remediation <command>

  retrieve "<text>" [--limit N] [--catalog FILE]
                                       ranked Security Hub controls as JSON
                                       (FILE: a catalog-refresh --out file)
  render <finding.json | control id> [--out DIR] [--id FINDING_ID] [--json]
         [--prefer aws-runbook|curated] (which one, where a control has both)
                                       write <Name>.yaml and <Name>-params.json,
                                       or print why it cannot be automated
  validate <file>... [--no-cfn-lint] [--report-policy] [--json]
                                       validate CloudFormation templates or bare
                                       SSM Automation documents (exit 1 on errors);
                                       --report-policy: a file from elsewhere, the
                                       least-privilege policy only warns
  coverage [--json | --markdown]       automation coverage of the AWS Foundational
                                       Security Best Practices controls
  catalog-refresh --region R [--out FILE] [--json]
                                       compare the bundled control catalog with
                                       Security Hub (AWS credentials needed)`;

/** Output streams, injectable for tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: text => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: text => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Runs one command; resolves to the process exit code. */
export async function main(
  argv: string[],
  io: CliIo = processIo,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const args = parseArgs(rest);
    switch (command) {
      case 'retrieve':
        return await retrieveCommand(args, io);
      case 'render':
        return await renderCommand(args, io);
      case 'validate':
        return await validateCommand(args, io);
      case 'coverage':
        return await coverageCommand(args, io);
      case 'catalog-refresh':
        return await catalogRefreshCommand(args, io);
      case undefined:
      case 'help':
      case '--help':
        io.out(USAGE);
        return command ? 0 : 2;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

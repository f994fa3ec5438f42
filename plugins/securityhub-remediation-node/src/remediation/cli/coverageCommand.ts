import { coverageReport } from '../coverage';
import type { ParsedArgs } from './args';
import type { CliIo } from './main';

/** Published coverage of comparable tools, for the totals line. */
const ANCHORS =
  'Automated Security Response on AWS v3.1.5: 106 controls; Prowler: 55 AWS fixers';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export async function coverageCommand(
  args: ParsedArgs,
  io: CliIo,
): Promise<number> {
  const report = coverageReport();
  if (args.flags.json) {
    io.out(JSON.stringify(report, null, 2));
    return 0;
  }
  io.out(
    `${pad('control', 18)}${pad('automated by', 17)}${pad(
      'validated',
      11,
    )}detail`,
  );
  for (const c of report.controls) {
    let validated = '-';
    if (c.validated !== undefined) validated = c.validated ? 'yes' : 'NO';
    io.out(
      `${pad(c.controlId, 18)}${pad(c.automatedBy, 17)}${pad(validated, 11)}${
        c.detail ?? ''
      }`,
    );
  }
  const t = report.totals;
  io.out(
    `\n${t.controls} FSBP controls: ${t.automated} automated (${t['aws-runbook']} AWS runbook, ${t.curated} curated), ` +
      `${t.validated} validated, ${t['cannot-automate']} cannot be automated, ${t.none} none yet.\n${ANCHORS}.`,
  );
  return 0;
}

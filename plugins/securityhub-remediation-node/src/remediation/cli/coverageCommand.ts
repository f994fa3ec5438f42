import { coverageReport } from '../coverage';
import type { ParsedArgs } from './args';
import type { CliIo } from './main';

/** Published coverage of comparable tools, for the totals line. */
const ANCHORS = [
  {
    name: 'Automated Security Response on AWS v3.1.5',
    row: 'Automated Security Response on AWS v3.1.5 (needs its deployment)',
    count: '106 controls',
  },
  { name: 'Prowler', row: 'Prowler: AWS fixers', count: '55 AWS fixers' },
];

/** A markdown table laid out as Prettier lays it out, so it can be pasted as is. */
export function markdownTable(rows: string[][]): string {
  const widths = rows[0].map((_, column) =>
    Math.max(3, ...rows.map(row => row[column].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => pad(cell, widths[i])).join(' | ')} |`;
  return [
    line(rows[0]),
    line(widths.map(width => '-'.repeat(width))),
    ...rows.slice(1).map(line),
  ].join('\n');
}

/** The README's coverage table, from the report. */
export function coverageMarkdown(
  totals: ReturnType<typeof coverageReport>['totals'],
): string {
  return markdownTable([
    ['automated by', 'controls', 'validated'],
    [
      'AWS-owned runbook (`AWSConfigRemediation-*`, in every account)',
      String(totals['aws-runbook']),
      String(totals['aws-runbook']),
    ],
    [
      'curated automation (change, then a verification step)',
      String(totals.curated),
      String(totals.curated),
    ],
    [
      '**automated in all**',
      `**${totals.automated}**`,
      `**${totals.validated}**`,
    ],
    [
      'cannot be automated (reason and manual steps)',
      String(totals['cannot-automate']),
      '–',
    ],
    ['none yet', String(totals.none), '–'],
    ...ANCHORS.map(anchor => [
      `_${anchor.row}_`,
      `_${parseInt(anchor.count, 10)}_`,
      '',
    ]),
  ]);
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export async function coverageCommand(
  args: ParsedArgs,
  io: CliIo,
): Promise<number> {
  const report = coverageReport();
  if (args.flags.markdown) {
    io.out(coverageMarkdown(report.totals));
    return 0;
  }
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
      `${t.validated} validated, ${t['cannot-automate']} cannot be automated, ${t.none} none yet.\n` +
      `${ANCHORS.map(a => `${a.name}: ${a.count}`).join('; ')}.`,
  );
  return 0;
}

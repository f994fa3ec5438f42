/*
 * Writes the bundled demo dataset to demo/findings/: one file per account and
 * region, alternating the two formats the ASFF file source reads
 * (`aws securityhub get-findings` output and JSON Lines as exported to S3).
 *
 *   yarn workspace @internal/plugin-securityhub-remediation-common demo:generate
 *
 * The output is reproducible: fixed seed, fixed "now".
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import {
  DEFAULT_DEMO_FINDINGS_COUNT,
  DEFAULT_DEMO_SEED,
  DEMO_ACCOUNTS,
  DEMO_REFERENCE_TIME,
  generateDemoFindings,
  generateDemoOcsfFindings,
} from '../src/demo';
import type { AsffFinding } from '../src/asff/schema';

const outputDir = resolve(__dirname, '../demo/findings');
const ocsfOutputDir = resolve(__dirname, '../demo/findings-ocsf');
const DATA_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;

function countBy(
  findings: AsffFinding[],
  key: (finding: AsffFinding) => string,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    counts.set(key(finding), (counts.get(key(finding)) ?? 0) + 1);
  }
  return counts;
}

/** A table padded the way Prettier formats Markdown. */
function markdownTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(3, header.length, ...rows.map(row => row[column].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join(' | ')} |`;
  return [
    line(headers),
    line(widths.map(width => '-'.repeat(width))),
    ...rows.map(line),
  ].join('\n');
}

function main() {
  const findings = generateDemoFindings({
    count: DEFAULT_DEMO_FINDINGS_COUNT,
    seed: DEFAULT_DEMO_SEED,
    now: new Date(DEMO_REFERENCE_TIME),
  });

  mkdirSync(outputDir, { recursive: true });
  for (const entry of readdirSync(outputDir)) {
    if (DATA_FILE.test(entry)) rmSync(join(outputDir, entry));
  }

  const files: Array<{ name: string; count: number }> = [];
  let fileIndex = 0;
  for (const account of DEMO_ACCOUNTS) {
    for (const region of account.regions) {
      const slice = findings.filter(
        f => f.AwsAccountId === account.id && f.Region === region,
      );
      const jsonLines = fileIndex++ % 2 === 1;
      const name = `${account.id}-${region}.${jsonLines ? 'jsonl' : 'json'}`;
      const content = jsonLines
        ? `${slice.map(f => JSON.stringify(f)).join('\n')}\n`
        : `${JSON.stringify({ Findings: slice })}\n`;
      writeFileSync(join(outputDir, name), content);
      files.push({ name, count: slice.length });
    }
  }

  const accountNames = new Map(DEMO_ACCOUNTS.map(a => [a.id, a.name]));
  const countsTable = (heading: string, counts: Map<string, number>) =>
    markdownTable(
      [heading, 'Findings'],
      [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([key, value]) => [key, String(value)]),
    );
  const readme = `# Demo findings (synthetic)

These files are **synthetic**: no AWS account produced them. They were written
by \`scripts/generate-demo-findings.ts\` (\`yarn workspace
@internal/plugin-securityhub-remediation-common demo:generate\`) with seed
${DEFAULT_DEMO_SEED} and "now" = ${DEMO_REFERENCE_TIME}, so running it again
gives the same files. Do not edit them by hand; change the generator instead.

They follow the shape of Security Hub consolidated control findings (ASFF,
\`security-control/<ControlId>\` generator ids, AWS Foundational Security Best
Practices controls from the bundled control catalog) for the accounts in
\`catalog-info.yaml\`. Account ids, resource names and ARNs are made up.

Two formats, one file per account and region:

- \`*.json\`: \`{"Findings": [...]}\`, as printed by \`aws securityhub get-findings\`.
- \`*.jsonl\`: one finding per line, as Security Hub exports land in S3.

## Contents: ${findings.length} findings

${markdownTable(
  ['File', 'Account', 'Findings'],
  files.map(f => [
    f.name,
    accountNames.get(f.name.slice(0, 12)) ?? '',
    String(f.count),
  ]),
)}

${countsTable(
  'Severity',
  countBy(findings, f => f.Severity.Label ?? 'none'),
)}

${countsTable(
  'Compliance status',
  countBy(findings, f => f.Compliance?.Status ?? 'none'),
)}

${countsTable(
  'Workflow status',
  countBy(findings, f => f.Workflow?.Status ?? 'none'),
)}

${countsTable(
  'Record state',
  countBy(findings, f => f.RecordState ?? 'ACTIVE'),
)}

Controls: ${countBy(findings, f => f.Compliance?.SecurityControlId ?? '').size}.
`;
  writeFileSync(join(outputDir, 'README.md'), readme);
  process.stdout.write(
    `wrote ${findings.length} findings in ${files.length} files to ${outputDir}\n`,
  );
}

/**
 * The OCSF demo set, in its own folder (a second file source), so the ASFF
 * set and the counts that depend on it stay as they are.
 */
function writeOcsf() {
  const findings = generateDemoOcsfFindings();
  mkdirSync(ocsfOutputDir, { recursive: true });
  const name = 'securityhub-ocsf.jsonl';
  writeFileSync(
    join(ocsfOutputDir, name),
    `${findings.map(f => JSON.stringify(f)).join('\n')}\n`,
  );
  process.stdout.write(
    `wrote ${findings.length} OCSF findings to ${join(ocsfOutputDir, name)}\n`,
  );
}

main();
writeOcsf();

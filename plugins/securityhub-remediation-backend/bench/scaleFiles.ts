/**
 * Export files for the scale benchmark, written chunk by chunk so that a
 * million findings never sit in memory at once: every file holds the
 * findings of its own ten accounts (a thousand accounts at 1,000,000).
 */
import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import {
  DEMO_ACCOUNTS,
  generateDemoFindings,
  type DemoAccount,
} from '@internal/plugin-securityhub-remediation-common';

const ACCOUNTS_PER_FILE = 10;
const REGIONS = [
  ['us-east-1', 'eu-west-1', 'us-west-2'],
  ['us-east-1', 'eu-central-1'],
  ['eu-west-1'],
  ['us-east-1', 'ap-southeast-2', 'eu-west-1', 'us-west-2'],
];

export interface ScaleFiles {
  dir: string;
  files: number;
  findings: number;
  bytes: number;
  /** An account of the first file, for the account tab's view. */
  sampleAccount: string;
  /** A resource of the first file, for a search that matches a few findings. */
  sampleResource: string;
}

/** Ten accounts for file `index`, named and shaped after the demo ones. */
function accountsOf(index: number): DemoAccount[] {
  return Array.from({ length: ACCOUNTS_PER_FILE }, (_, n) => {
    const k = index * ACCOUNTS_PER_FILE + n;
    const template = DEMO_ACCOUNTS[k % DEMO_ACCOUNTS.length];
    return {
      ...template,
      id: String(100_000_000_000 + k),
      name: `${template.name}-${k}`,
      regions: REGIONS[k % REGIONS.length],
    };
  });
}

/** Writes `findings` findings as JSON Lines files of `perFile` each. */
export async function writeScaleFiles(
  findings: number,
  perFile: number,
): Promise<ScaleFiles> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-scale-'));
  let written = 0;
  let bytes = 0;
  let index = 0;
  let sampleResource = '';
  while (written < findings) {
    const count = Math.min(perFile, findings - written);
    const chunk = generateDemoFindings({
      count,
      seed: 1000 + index,
      accounts: accountsOf(index),
    });
    sampleResource ||= chunk[0]?.Resources[0]?.Id ?? '';
    const text = chunk.map(f => JSON.stringify(f)).join('\n');
    const name = `export-${String(index).padStart(4, '0')}.jsonl`;
    await fs.writeFile(path.join(dir, name), text);
    written += chunk.length;
    bytes += Buffer.byteLength(text);
    index += 1;
    if (chunk.length === 0) throw new Error('the generator returned nothing');
  }
  return {
    dir,
    files: index,
    findings: written,
    bytes,
    sampleAccount: accountsOf(0)[0].id,
    sampleResource,
  };
}

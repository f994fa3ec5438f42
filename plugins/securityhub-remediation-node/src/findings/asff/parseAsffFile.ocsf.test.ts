import { mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { gzipSync } from 'zlib';
import {
  AsffFileError,
  parseAsffFile,
  readPreparedAsffFile,
} from './parseAsffFile';
import { s3Finding } from './__fixtures__/findings';
import {
  complianceFinding,
  detectionFinding,
  vulnerabilityFinding,
} from '../ocsf/__fixtures__/ocsfFindings';
import { OCSF_ORIGINAL_KEY } from '../ocsf/ocsfToAsff';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const ocsf = [complianceFinding, detectionFinding, vulnerabilityFinding];
const ocsfIds = ocsf.map(f => f.finding_info.uid);

function parseError(file: string, text: string): AsffFileError {
  try {
    parseAsffFile(file, bytes(text));
  } catch (error) {
    expect(error).toBeInstanceOf(AsffFileError);
    return error as AsffFileError;
  }
  throw new Error('expected parseAsffFile to throw');
}

describe('parseAsffFile: OCSF findings', () => {
  it('reads a JSON array, JSON Lines and `get-findings-v2` output of OCSF findings', () => {
    const shapes: Array<[string, string]> = [
      ['array.json', JSON.stringify(ocsf)],
      ['lines.jsonl', ocsf.map(f => JSON.stringify(f)).join('\n')],
      ['v2.json', JSON.stringify({ Findings: ocsf, NextToken: 'abc' })],
    ];
    for (const [name, text] of shapes) {
      const findings = parseAsffFile(name, bytes(text));
      expect(findings.map(f => f.Id)).toEqual(ocsfIds);
      expect(findings[0].Compliance?.SecurityControlId).toBe('S3.1');
      expect(findings[0][OCSF_ORIGINAL_KEY]).toEqual(complianceFinding);
    }
  });

  it('reads gzip-compressed OCSF JSON Lines', () => {
    const text = ocsf.map(f => JSON.stringify(f)).join('\n');
    const findings = parseAsffFile('export.jsonl.gz', gzipSync(bytes(text)));
    expect(findings.map(f => f.Id)).toEqual(ocsfIds);
  });

  it('reads a file mixing ASFF and OCSF findings, each by its own shape', () => {
    const text = JSON.stringify([
      s3Finding(1),
      complianceFinding,
      s3Finding(2),
    ]);
    const findings = parseAsffFile('mixed.json', bytes(text));
    expect(findings.map(f => f.Id)).toEqual([
      s3Finding(1).Id,
      complianceFinding.finding_info.uid,
      s3Finding(2).Id,
    ]);
    expect(findings[0][OCSF_ORIGINAL_KEY]).toBeUndefined();
  });

  it('names the OCSF field and finding_info.uid of an invalid OCSF finding', () => {
    const broken = JSON.parse(JSON.stringify(detectionFinding));
    broken.cloud.account.uid = 'prod';
    const error = parseError(
      'findings.json',
      JSON.stringify([complianceFinding, broken]),
    );
    expect(error.problems).toEqual([
      `finding 2 ([1]), Id ${detectionFinding.finding_info.uid}: cloud.account.uid: must be a 12-digit AWS account id`,
    ]);
  });

  it('reports a finding that is neither OCSF nor ASFF as an ASFF problem, as before', () => {
    const error = parseError(
      'findings.json',
      JSON.stringify([complianceFinding, { class_uid: 2003, title: 'x' }]),
    );
    expect(error.problems[0]).toMatch(/^finding 2 \(\[1\]\): SchemaVersion: /);
  });

  it('streams OCSF findings with their translated documents (readPreparedAsffFile)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ocsf-file-'));
    try {
      const file = join(dir, 'findings.jsonl.gz');
      await writeFile(
        file,
        gzipSync(bytes(ocsf.map(f => JSON.stringify(f)).join('\n'))),
      );
      const prepared = await readPreparedAsffFile(file);
      expect(prepared.map(p => p.normalized.id)).toEqual(ocsfIds);
      expect(prepared.map(p => p.normalized.severity)).toEqual([
        'HIGH',
        'MEDIUM',
        'CRITICAL',
      ]);
      const stored = JSON.parse(prepared[1].document);
      expect(stored.Id).toBe(detectionFinding.finding_info.uid);
      expect(stored[OCSF_ORIGINAL_KEY]).toEqual(detectionFinding);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import fsp from 'fs/promises';
import path from 'path';
import {
  DEMO_REFERENCE_TIME,
  generateDemoFindings,
} from '@internal/plugin-securityhub-remediation-common';

/** Two sources, so that a run going on shows as one source running. */
export const SOURCE_IDS = ['generated-a', 'generated-b'];
const FILES_PER_SOURCE = 4;
const DAY_MS = 24 * 3600 * 1000;

/** The folder a source reads. */
export const sourceFolder = (root: string, sourceId: string) =>
  path.join(root, sourceId);

/**
 * Writes `count` demo findings as ASFF JSON Lines (as Security Hub exports
 * land in S3), split over the sources' folders. `version` shifts every
 * finding's times by a day: the same findings, each one updated, so the
 * next sync has all of them to write again.
 */
export async function writeFindingsFiles(
  root: string,
  count: number,
  version = 0,
): Promise<void> {
  const findings = generateDemoFindings({
    count,
    now: new Date(Date.parse(DEMO_REFERENCE_TIME) + version * DAY_MS),
  });
  const files = SOURCE_IDS.length * FILES_PER_SOURCE;
  const lines: string[][] = Array.from({ length: files }, () => []);
  findings.forEach((finding, index) =>
    lines[index % files].push(JSON.stringify(finding)),
  );
  for (const [index, sourceId] of SOURCE_IDS.entries()) {
    const folder = sourceFolder(root, sourceId);
    await fsp.mkdir(folder, { recursive: true });
    for (let file = 0; file < FILES_PER_SOURCE; file++) {
      const content = lines[index * FILES_PER_SOURCE + file];
      await fsp.writeFile(
        path.join(folder, `findings-${file + 1}.jsonl`),
        `${content.join('\n')}\n`,
      );
    }
  }
}

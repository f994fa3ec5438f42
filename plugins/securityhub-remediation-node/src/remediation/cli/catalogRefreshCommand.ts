import { writeFile } from 'fs/promises';
import { resolve } from 'path';
import { listControls } from '@internal/plugin-securityhub-remediation-common';
import { createSecurityHubClient } from '../../findings/securityhub/client';
import { fsbpStandardsArn, refreshControlCatalog } from '../catalogRefresh';
import { UsageError, type ParsedArgs } from './args';
import type { CliIo } from './main';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Refreshes the control catalog from Security Hub in one region
 * (`ListSecurityControlDefinitions`, FSBP membership), with the AWS SDK's
 * default credentials of whoever runs it. Prints what changed; `--out` writes
 * the refreshed catalog (the format of the bundled `controls.json`).
 */
export async function catalogRefreshCommand(
  args: ParsedArgs,
  io: CliIo,
): Promise<number> {
  const region = args.flags.region;
  if (typeof region !== 'string' || !REGION.test(region)) {
    throw new UsageError(
      'catalog-refresh needs --region, e.g. --region us-east-1',
    );
  }
  const client = createSecurityHubClient({ region });
  const refreshed = await refreshControlCatalog({
    client,
    bundled: listControls(),
    standardsArn: fsbpStandardsArn(region),
  });
  if (typeof args.flags.out === 'string') {
    const file = resolve(args.flags.out);
    await writeFile(file, `${JSON.stringify(refreshed.controls, null, 2)}\n`);
    io.err(`wrote ${refreshed.controls.length} controls to ${file}`);
  }
  const { diff } = refreshed;
  if (args.flags.json) {
    io.out(JSON.stringify({ fetchedAt: refreshed.fetchedAt, diff }, null, 2));
  } else {
    io.out(
      [
        `Security Hub ${region}, ${refreshed.fetchedAt}: ${refreshed.controls.length} controls`,
        `  added: ${diff.added.length}, retitled: ${diff.retitled.length}, severity changed: ${diff.severityChanged.length}, retired: ${diff.retired.length}, reactivated: ${diff.reactivated.length}`,
        ...diff.added.map(c => `  + ${c.id} ${c.title}`),
        ...diff.retired.map(id => `  - ${id} (retired)`),
      ].join('\n'),
    );
  }
  return 0;
}

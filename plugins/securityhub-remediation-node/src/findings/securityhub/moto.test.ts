import {
  BatchImportFindingsCommand,
  EnableSecurityHubCommand,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { ConfigReader } from '@backstage/config';
import { asffFindingSchema } from '@internal/plugin-securityhub-remediation-common';
import type { FindingsBatch } from '../FindingsSource';
import { generateControlFindings } from './__testUtils__/asffFindings';
import {
  findMotoServer,
  startMotoServer,
  type MotoServer,
} from './__testUtils__/motoServer';
import { createSecurityHubClient } from './client';
import { createSecurityHubFindingsSources } from './config';

/**
 * Round trip through a real Security Hub wire protocol (moto_server): import
 * findings, then page through them with the source. Moto ignores GetFindings
 * Filters and SortCriteria, so this proves paging, signing and parsing only;
 * the filters sent are asserted in SecurityHubFindingsSource.test.ts.
 */
jest.setTimeout(60_000);

const MOTO_ACCOUNT = '123456789012'; // moto's account for any test credentials
const REGION = 'us-east-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const motoPath = findMotoServer();

if (!motoPath && process.env.REQUIRE_MOTO !== '1') {
  // eslint-disable-next-line no-console
  console.warn(
    'moto.test.ts skipped: moto_server is not on PATH (it comes with the pyenv Python of this image); set REQUIRE_MOTO=1 to make this a failure',
  );
}

const describeWithMoto =
  motoPath || process.env.REQUIRE_MOTO === '1' ? describe : describe.skip;

describeWithMoto('SecurityHubFindingsSource against moto_server', () => {
  let moto: MotoServer | undefined;

  beforeAll(async () => {
    if (!motoPath) {
      throw new Error(
        'REQUIRE_MOTO=1 but moto_server is missing from PATH: install moto[server] in the Python on PATH',
      );
    }
    moto = await startMotoServer({ executable: motoPath });
  });
  afterAll(async () => {
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto?.reset();
  });

  /** The source as configured for moto, through the real credentials path: static keys of an integration account. */
  async function motoSource() {
    const [source] = await createSecurityHubFindingsSources(
      new ConfigReader({
        id: 'moto',
        type: 'securityhub',
        accountId: MOTO_ACCOUNT,
        regions: [REGION],
        endpoint: moto!.endpoint,
      }),
      new ConfigReader({
        aws: { accounts: [{ accountId: MOTO_ACCOUNT, ...credentials }] },
      }),
    );
    return source;
  }

  function motoClient() {
    return createSecurityHubClient({
      region: REGION,
      credentials: async () => credentials,
      endpoint: moto!.endpoint,
    });
  }

  it('reads 250 imported findings back in 3 pages, each valid ASFF', async () => {
    const client = motoClient();
    await client.send(new EnableSecurityHubCommand({}));
    const imported = generateControlFindings(250, {
      accountId: MOTO_ACCOUNT,
      region: REGION,
    });
    // BatchImportFindings takes at most 100 findings per call.
    for (let offset = 0; offset < imported.length; offset += 100) {
      const result = await client.send(
        new BatchImportFindingsCommand({
          Findings: imported.slice(
            offset,
            offset + 100,
          ) as AwsSecurityFinding[],
        }),
      );
      expect(result.FailedCount).toBe(0);
    }

    const source = await motoSource();
    const stats = { retries: 0 };
    const batches: FindingsBatch[] = [];
    for await (const batch of source.read({}, stats)) batches.push(batch);

    expect(batches.map(b => [b.origin, b.findings.length])).toEqual([
      [`${MOTO_ACCOUNT}/${REGION} page 1`, 100],
      [`${MOTO_ACCOUNT}/${REGION} page 2`, 100],
      [`${MOTO_ACCOUNT}/${REGION} page 3`, 50],
    ]);
    const read = batches.flatMap(b => b.findings).map(f => f.normalized);
    expect(new Set(read.map(f => f.id)).size).toBe(250);
    expect(new Set(read.map(f => f.id))).toEqual(
      new Set(imported.map(f => f.Id)),
    );
    for (const { document } of batches.flatMap(b => b.findings)) {
      expect(asffFindingSchema.safeParse(JSON.parse(document)).success).toBe(
        true,
      );
    }
    expect(stats.retries).toBe(0);
    client.destroy();
  });

  it('starts from a clean hub after a reset', async () => {
    const client = motoClient();
    await client.send(new EnableSecurityHubCommand({}));
    const source = await motoSource();
    const batches: FindingsBatch[] = [];
    for await (const batch of source.read({}, { retries: 0 }))
      batches.push(batch);
    expect(batches.flatMap(b => b.findings)).toEqual([]);
    client.destroy();
  });
});

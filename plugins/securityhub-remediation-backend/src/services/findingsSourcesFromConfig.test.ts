import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { findingsSourcesFromConfig } from './findingsSourcesFromConfig';

const logger = mockServices.logger.mock();

const config = (sources: JsonObject[]) =>
  new ConfigReader({
    // Static keys: the AWS integration needs no network to hand them out.
    aws: {
      accounts: [
        {
          accountId: '111122223333',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        },
      ],
    },
    securityHubRemediation: { findings: { sources } },
  });

describe('findingsSourcesFromConfig', () => {
  it('builds a securityhub-ocsf source per region next to the other kinds', async () => {
    const sources = await findingsSourcesFromConfig(
      config([
        { id: 'demo', type: 'asff-files', demo: true },
        {
          id: 'hub',
          type: 'securityhub-ocsf',
          accountId: '111122223333',
          regions: ['us-east-1', 'eu-west-1'],
        },
      ]),
      logger,
    );
    expect(sources.map(s => [s.id, s.kind])).toEqual([
      ['demo', 'asff-files'],
      ['hub:us-east-1', 'securityhub-ocsf'],
      ['hub:eu-west-1', 'securityhub-ocsf'],
    ]);
  });

  it('names the offending key of a bad securityhub-ocsf entry', async () => {
    await expect(
      findingsSourcesFromConfig(
        config([
          {
            id: 'hub',
            type: 'securityhub-ocsf',
            accountId: '111122223333',
            regions: ['us-east-1'],
            memberAccountIds: ['111122223333'],
          },
        ]),
        logger,
      ),
    ).rejects.toThrow(
      /entry 'hub' of type securityhub-ocsf: .*Unrecognized key.*memberAccountIds/,
    );
  });

  it('lists the known kinds for an unknown type', async () => {
    await expect(
      findingsSourcesFromConfig(config([{ id: 'x', type: 'ocsf' }]), logger),
    ).rejects.toThrow(
      "unknown type 'ocsf' of source 'x'; use 'asff-files', 'securityhub' or 'securityhub-ocsf'",
    );
  });
});

import { ConfigReader } from '@backstage/config';
import { readFindingsReadConfig } from './findingsReadConfig';

const config = (findings: { permissionCacheSeconds: number }) =>
  new ConfigReader({ securityHubRemediation: { findings } });

describe('readFindingsReadConfig', () => {
  it('reads permissionCacheSeconds, 5 by default', () => {
    expect(readFindingsReadConfig(new ConfigReader({}))).toEqual({
      permissionCacheSeconds: 5,
    });
    expect(
      readFindingsReadConfig(config({ permissionCacheSeconds: 0 })),
    ).toEqual({ permissionCacheSeconds: 0 });
    expect(
      readFindingsReadConfig(config({ permissionCacheSeconds: 30 })),
    ).toEqual({ permissionCacheSeconds: 30 });
  });

  it.each([-1, 301])('refuses permissionCacheSeconds %s', seconds => {
    expect(() =>
      readFindingsReadConfig(config({ permissionCacheSeconds: seconds })),
    ).toThrow(
      'securityHubRemediation.findings.permissionCacheSeconds must be between 0 (off) and 300 seconds',
    );
  });
});

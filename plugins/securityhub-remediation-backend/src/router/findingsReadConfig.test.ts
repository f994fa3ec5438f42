import { ConfigReader } from '@backstage/config';
import {
  readFindingsReadConfig,
  readTextIndexMaxFindings,
} from './findingsReadConfig';

const config = (findings: Record<string, number>) =>
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

describe('readTextIndexMaxFindings', () => {
  it('reads textIndexMaxFindings, 3,000,000 by default, 0 for none', () => {
    expect(readTextIndexMaxFindings(new ConfigReader({}))).toBe(3_000_000);
    expect(readTextIndexMaxFindings(config({ textIndexMaxFindings: 0 }))).toBe(
      0,
    );
    expect(
      readTextIndexMaxFindings(config({ textIndexMaxFindings: 500_000 })),
    ).toBe(500_000);
  });

  it.each([-1, 1.5])('refuses textIndexMaxFindings %s', max => {
    expect(() =>
      readTextIndexMaxFindings(config({ textIndexMaxFindings: max })),
    ).toThrow(
      'securityHubRemediation.findings.textIndexMaxFindings must be a whole number of findings',
    );
  });
});

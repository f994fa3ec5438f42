import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_DEMO_OCSF_FINDINGS_COUNT,
  DEMO_OCSF_ACCOUNT_IDS,
  listControls,
} from '@internal/plugin-securityhub-remediation-common';
import type { FindingsBatch } from '../FindingsSource';
import { AsffFileFindingsSource } from './AsffFileFindingsSource';

type ConfigData = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;
const fromConfig = (data: ConfigData) =>
  AsffFileFindingsSource.fromConfig(new ConfigReader(data));

describe('AsffFileFindingsSource: the bundled OCSF demo dataset', () => {
  it('reads every OCSF demo finding on the parser thread as control findings of catalog controls', async () => {
    const source = fromConfig({
      id: 'demo-ocsf',
      type: 'asff-files',
      demo: true,
      demoDataset: 'ocsf',
    });
    expect(source.target).toMatch(
      /securityhub-remediation-common[\\/]demo[\\/]findings-ocsf$/,
    );
    const batches: FindingsBatch[] = [];
    for await (const batch of source.read({}, { retries: 0 })) {
      batches.push(batch);
    }
    expect(batches.filter(b => b.rejected)).toEqual([]);
    const findings = batches.flatMap(b => b.findings).map(f => f.normalized);
    expect(findings).toHaveLength(DEFAULT_DEMO_OCSF_FINDINGS_COUNT);
    expect(new Set(findings.map(f => f.awsAccountId))).toEqual(
      new Set(DEMO_OCSF_ACCOUNT_IDS),
    );
    // Resource types come back in the ASFF form the catalog names.
    const controls = new Map(listControls().map(c => [c.id, c]));
    for (const finding of findings) {
      const control = controls.get(finding.controlId!);
      expect(control).toBeDefined();
      expect(finding.resourceType).toBe(control!.resourceType);
    }
    expect(new Set(findings.map(f => f.complianceStatus)).size).toBeGreaterThan(
      1,
    );
  });

  it.each([
    [
      { id: 'd1', type: 'asff-files', demo: true, demoDataset: 'csv' },
      /^Findings source "d1": demoDataset must be "asff" or "ocsf"/,
    ],
    [
      { id: 'd2', type: 'asff-files', path: '/tmp', demoDataset: 'ocsf' },
      /^Findings source "d2": demoDataset applies only with "demo: true"/,
    ],
  ])('refuses %j', (data, message) => {
    expect(() => fromConfig(data)).toThrow(message);
  });
});

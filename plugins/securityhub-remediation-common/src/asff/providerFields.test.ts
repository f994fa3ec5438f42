import { asffFindingFixture } from '../fixtures/asffFindingFixture';
import { normalizeAsffFinding } from './normalize';
import { validateAsffFinding } from './schema';

/** A `BatchImportFindings` input that sets Severity and Types only where the guide asks. */
function providerOnly(provider: Record<string, unknown>) {
  const {
    Severity: _s,
    Types: _t,
    ...finding
  } = {
    ...asffFindingFixture(),
    Types: ['kept out'],
  };
  return { ...finding, FindingProviderFields: provider };
}

describe('validateAsffFinding with FindingProviderFields', () => {
  it('takes Severity and Types from FindingProviderFields when the top-level ones are absent', () => {
    const input = providerOnly({
      Severity: { Label: 'CRITICAL', Original: '9.8' },
      Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
    });
    const result = validateAsffFinding(input);
    expect(result.success).toBe(true);
    expect(result.data?.Severity).toEqual({
      Label: 'CRITICAL',
      Original: '9.8',
    });
    expect(result.data?.Types).toEqual([
      'Software and Configuration Checks/Vulnerabilities/CVE',
    ]);
    expect(normalizeAsffFinding(result.data!).severity).toBe('CRITICAL');
    // The input itself is left as it was.
    expect(input).not.toHaveProperty('Severity');
  });

  it('keeps top-level fields over FindingProviderFields', () => {
    const finding = {
      ...asffFindingFixture({ severity: 'LOW' }),
      FindingProviderFields: { Severity: { Label: 'HIGH' } },
    };
    const result = validateAsffFinding(finding);
    expect(result.data).toBe(finding);
    expect(result.data?.Severity.Label).toBe('LOW');
  });

  it('reports an invalid provider severity at its own path', () => {
    const result = validateAsffFinding(
      providerOnly({ Severity: { Label: 'SEVERE' } }),
    );
    expect(result.error?.issues.map(i => i.path)).toEqual([
      ['FindingProviderFields', 'Severity', 'Label'],
    ]);
  });

  it('names both places when neither has a severity', () => {
    const result = validateAsffFinding(providerOnly({}));
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['Severity'],
        message: 'Required (in Severity or FindingProviderFields.Severity)',
      }),
    ]);
  });
});

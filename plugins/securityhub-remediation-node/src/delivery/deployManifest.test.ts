import { readDeployManifest, withDeployManifest } from './deployManifest';
import { renderRemediation } from '../remediation/templates/renderRemediation';

function s35Template(): string {
  const answer = renderRemediation({ controlId: 'S3.5' });
  if (answer.kind !== 'aws-runbook' && answer.kind !== 'curated') {
    throw new Error(`S3.5 renders ${answer.kind}`);
  }
  return answer.templateYaml;
}

const manifest = {
  findingId: 'arn:aws:securityhub:us-east-1:123456789012:finding/on',
  remediationId: 'r-1',
  accounts: ['012345678901'],
  regions: ['us-east-1'],
  deployment: 'stack' as const,
};

describe('deploy manifest', () => {
  it('adds Metadata after the header, keeps the rest of the text, and reads back', () => {
    const original = s35Template();
    const text = withDeployManifest(original, manifest);
    expect(text).toContain('Metadata:\n  SecurityHubRemediation:\n');
    expect(text).toContain('    accounts:\n      - "012345678901"\n');
    expect(text.indexOf('Metadata:')).toBeLessThan(text.indexOf('Parameters:'));
    const withoutMetadata = text.replace(/Metadata:\n( {2}.*\n)+/, '');
    expect(withoutMetadata).toBe(original);
    expect(readDeployManifest(text)).toEqual(manifest);
  });

  it('replaces an existing manifest and keeps other Metadata keys', () => {
    const base = `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n  Other: 1\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub "t-\${AWS::Region}"\n`;
    const once = withDeployManifest(base, manifest);
    const twice = withDeployManifest(once, {
      ...manifest,
      regions: ['eu-west-1', 'us-east-1'],
      deployment: 'stack-set',
    });
    expect(twice).toContain('Other: 1');
    expect(twice).toContain('!Sub "t-${AWS::Region}"');
    expect(twice.match(/SecurityHubRemediation/g)).toHaveLength(1);
    expect(readDeployManifest(twice)).toMatchObject({
      regions: ['eu-west-1', 'us-east-1'],
      deployment: 'stack-set',
    });
    // Deterministic: the same input gives the same text.
    expect(withDeployManifest(once, manifest)).toBe(once);
  });

  it('is undefined without a manifest, and refuses a malformed one', () => {
    expect(readDeployManifest(s35Template())).toBeUndefined();
    expect(() =>
      withDeployManifest(s35Template(), { ...manifest, accounts: ['12'] }),
    ).toThrow(/accounts\.0: an AWS account id is 12 digits/);
    expect(() =>
      readDeployManifest(
        'Metadata:\n  SecurityHubRemediation:\n    findingId: x\n    accounts: []\n    regions: [us-east-1]\n    deployment: stack\n',
      ),
    ).toThrow(/Metadata.SecurityHubRemediation of the template is invalid/);
  });
});

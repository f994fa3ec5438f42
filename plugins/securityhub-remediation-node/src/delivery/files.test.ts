import {
  isRemediationFilePath,
  remediationFiles,
  remediationName,
  stackNameOfPath,
} from './files';

describe('remediationFiles', () => {
  it('stages the template and its params file under deploy/', () => {
    expect(remediationFiles('SecHubRemediation-S3-5', 'T', 'P')).toEqual([
      { path: 'deploy/SecHubRemediation-S3-5.yaml', content: 'T' },
      {
        path: 'deploy/parameters/SecHubRemediation-S3-5-params.json',
        content: 'P',
      },
    ]);
  });

  it.each(['../x', 'a/b', '', '1abc', 'x.yaml', 'a'.repeat(129)])(
    'refuses the name %j, so no path is built from it',
    name => {
      expect(() => remediationFiles(name, 'T', 'P')).toThrow(
        /is not a valid CloudFormation stack name/,
      );
    },
  );

  it('accepts only the two path patterns', () => {
    expect(isRemediationFilePath('deploy/A-1.yaml')).toBe(true);
    expect(isRemediationFilePath('deploy/parameters/A-1-params.json')).toBe(
      true,
    );
    expect(isRemediationFilePath('deploy/../A.yaml')).toBe(false);
    expect(isRemediationFilePath('deploy/a/b.yaml')).toBe(false);
    expect(isRemediationFilePath('deploy/parameters/A.json')).toBe(false);
    expect(stackNameOfPath('deploy/parameters/A-1-params.json')).toBe('A-1');
    expect(stackNameOfPath('README.md')).toBeUndefined();
  });
});

describe('remediationName', () => {
  it('gives two findings of one control their own stack, deterministically', () => {
    const a = remediationName('S3.5', '123456789012', 'arn:aws:s3:::a');
    const b = remediationName('S3.5', '123456789012', 'arn:aws:s3:::b');
    expect(a).toMatch(/^SecHubRemediation-S3-5-[0-9a-f]{8}$/);
    expect(b).not.toBe(a);
    expect(remediationName('S3.5', '123456789012', 'arn:aws:s3:::a')).toBe(a);
  });

  it('refuses what is not a control id', () => {
    expect(() => remediationName('../S3', '1', 'r')).toThrow(/control id/);
  });
});

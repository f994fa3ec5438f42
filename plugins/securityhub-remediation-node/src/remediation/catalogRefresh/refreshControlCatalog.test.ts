import {
  ListSecurityControlDefinitionsCommand,
  SecurityHubClient,
  type ListSecurityControlDefinitionsCommandInput,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  fsbpStandardsArn,
  refreshControlCatalog,
} from './refreshControlCatalog';
import {
  FSBP_ARN,
  REGION,
  bundledControl,
  credentials,
  sdkDefinition,
} from './__testUtils__/fixtures';

describe('refreshControlCatalog', () => {
  const client = new SecurityHubClient({ region: REGION, credentials });
  const mock = mockClient(client);
  const bundled = [
    bundledControl('S3.1', { title: 'Old S3.1 wording', inFsbp: true }),
    bundledControl('S3.2', { inFsbp: true }),
    bundledControl('S3.3'),
  ];

  beforeEach(() => mock.reset());

  it('merges the complete list, with FSBP membership from the standard list', async () => {
    const sent: ListSecurityControlDefinitionsCommandInput[] = [];
    mock
      .on(ListSecurityControlDefinitionsCommand)
      .callsFake((input: ListSecurityControlDefinitionsCommandInput) => {
        sent.push(structuredClone(input));
        const all = [
          sdkDefinition('S3.1', {
            Title: 'S3.1 title',
            SeverityRating: 'HIGH',
          }),
          sdkDefinition('S3.3', { Title: 'S3.3 title' }),
          sdkDefinition('S3.4', { Title: 'S3.4 title', SeverityRating: 'LOW' }),
        ];
        return {
          SecurityControlDefinitions: input.StandardsArn
            ? all.filter(d => d.SecurityControlId !== 'S3.3')
            : all,
        };
      });
    const refreshed = await refreshControlCatalog({
      client,
      bundled,
      standardsArn: FSBP_ARN,
      now: () => new Date('2026-03-01T12:00:00Z'),
    });
    expect(sent).toEqual([
      { MaxResults: 100, NextToken: undefined },
      { StandardsArn: FSBP_ARN, MaxResults: 100, NextToken: undefined },
    ]);
    expect(refreshed.fetchedAt).toBe('2026-03-01T12:00:00.000Z');
    expect(
      refreshed.controls.map(c => [c.id, c.status, c.severity, c.inFsbp]),
    ).toEqual([
      ['S3.1', 'active', 'HIGH', true],
      // Not in the complete list: retired, though the FSBP list also lacks it.
      ['S3.2', 'retired', 'MEDIUM', false],
      ['S3.3', 'active', 'MEDIUM', false],
      ['S3.4', 'active', 'LOW', true],
    ]);
    expect(refreshed.controls[0].titleVariants).toEqual(['Old S3.1 wording']);
    expect(refreshed.diff).toMatchObject({
      liveListComplete: true,
      added: [{ id: 'S3.4', resourceType: '' }],
      retitled: [{ id: 'S3.1', from: 'Old S3.1 wording', to: 'S3.1 title' }],
      severityChanged: [{ id: 'S3.1', from: 'MEDIUM', to: 'HIGH' }],
      retired: ['S3.2'],
      fsbpChanged: [{ id: 'S3.2', from: true, to: false }],
    });
  });

  it('reads only the complete list without a standard, keeping inFsbp', async () => {
    mock.on(ListSecurityControlDefinitionsCommand).resolves({
      SecurityControlDefinitions: bundled.map(c =>
        sdkDefinition(c.id, { Title: c.title }),
      ),
    });
    const refreshed = await refreshControlCatalog({ client, bundled });
    expect(mock).toHaveReceivedCommandTimes(
      ListSecurityControlDefinitionsCommand,
      1,
    );
    expect(refreshed.controls).toEqual(bundled);
  });

  it('refuses a standard other than FSBP, which would rewrite inFsbp', async () => {
    const cis = `arn:aws:securityhub:${REGION}::standards/cis-aws-foundations-benchmark/v/1.4.0`;
    await expect(
      refreshControlCatalog({ client, bundled, standardsArn: cis }),
    ).rejects.toThrow(/must be the AWS Foundational Security Best Practices/);
    expect(mock).toHaveReceivedCommandTimes(
      ListSecurityControlDefinitionsCommand,
      0,
    );
  });

  it('names the FSBP standard of a region in its partition', () => {
    expect(fsbpStandardsArn('us-east-1')).toBe(FSBP_ARN);
    expect(fsbpStandardsArn('cn-north-1')).toBe(
      'arn:aws-cn:securityhub:cn-north-1::standards/aws-foundational-security-best-practices/v/1.0.0',
    );
    expect(fsbpStandardsArn('us-gov-west-1')).toMatch(
      /^arn:aws-us-gov:securityhub:us-gov-west-1::/,
    );
  });
});

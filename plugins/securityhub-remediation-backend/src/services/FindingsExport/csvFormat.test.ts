import {
  asffFindingFixture,
  normalizeAsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import { CSV_EXPORT_COLUMNS, csvField, csvRecord } from './csvFormat';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
  ])('quotes %j as RFC 4180 asks', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each([
    [
      '=HYPERLINK("https://evil.example","x")',
      `"'=HYPERLINK(""https://evil.example"",""x"")"`,
    ],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ])('makes %j plain text for spreadsheets', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('leaves a formula character inside a value alone', () => {
    expect(csvField('a=b-c+d@e')).toBe('a=b-c+d@e');
  });

  it('writes null as an empty field', () => {
    expect(csvField(null)).toBe('');
  });
});

describe('csvRecord', () => {
  it('writes the columns in order, ending with CRLF', () => {
    const finding = {
      ...normalizeAsffFinding(
        asffFindingFixture({ title: 'Buckets, "public"', suffix: 'x1' }),
      ),
      sourceId: 'demo',
      firstSeenAt: '2026-11-01T00:00:00.000Z',
      lastSeenAt: '2026-11-01T00:00:00.000Z',
      resolvedAt: null,
    };
    const record = csvRecord(finding);
    expect(record.endsWith('\r\n')).toBe(true);
    expect(record).toBe(
      `${[
        finding.id,
        '"Buckets, ""public"""',
        'MEDIUM',
        'FAILED',
        'NEW',
        'ACTIVE',
        'S3.5',
        '111122223333',
        'us-east-1',
        'AwsS3Bucket',
        'arn:aws:s3:::example-bucket-x1',
        '2026-10-01T08:00:00.000Z',
        '2026-11-20T10:00:00.000Z',
        '2026-11-01T00:00:00.000Z',
        '',
        'https://docs.aws.amazon.com/console/securityhub/S3.5/remediation',
      ].join(',')}\r\n`,
    );
    expect(CSV_EXPORT_COLUMNS).toHaveLength(16);
  });
});

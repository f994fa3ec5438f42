import { editDistance } from '../editDistance';
import { QueryRepair } from './queryRepair';

const repair = new QueryRepair([
  'VPC flow logging should be enabled in all VPCs',
  'S3 general purpose buckets should prohibit public write access',
  'Lambda functions should be in a VPC',
]);

describe('editDistance', () => {
  it.each([
    ['guardduty', 'guardduty', 0],
    ['gaurdduty', 'guardduty', 1],
    ['bukcet', 'bucket', 1],
    ['cloudtral', 'cloudtrail', 1],
    ['redshfit', 'redshift', 1],
    ['kinesis', 'kenisis', 2],
    ['', 'abc', 3],
  ])('%p → %p is %d', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe('QueryRepair', () => {
  it('separates two known words written together', () => {
    expect(repair.repair('vpc flowlogs not turned on')).toBe(
      'vpc flowlogs flow logs not turned on',
    );
  });

  it('mends swapped, missing and extra letters against known words', () => {
    expect(repair.repair('s3 bukcet allows pubilc wrte')).toBe(
      's3 bukcet bucket allows pubilc public wrte write',
    );
  });

  it('knows the vocabulary phrases too', () => {
    expect(repair.repair('anyone can downlaod it')).toBe(
      'anyone can downlaod download it',
    );
  });

  it('leaves known words, numbers, short words and ids alone', () => {
    for (const text of [
      'lambda functions in a vpc',
      'port 3306 on i-0abc1234 abc',
    ]) {
      expect(repair.repair(text)).toBe(text);
    }
  });

  it('adds nothing for a word too far from any known word', () => {
    expect(repair.repair('zzzzzzzz')).toBe('zzzzzzzz');
  });
});

import { analyseQuery, tokenize } from './queryAnalysis';
import { LocalControlRetriever } from './LocalControlRetriever';
import { QueryRepair } from './queryRepair';

const retriever = new LocalControlRetriever();
const top = async (text: string) =>
  (await retriever.retrieve({ text }, { limit: 1 }))[0]?.controlId;

describe('tokenize', () => {
  it('turns the anywhere CIDRs into words that tell IPv4 and IPv6 apart', () => {
    expect(tokenize('ingress from 0.0.0.0/0 or ::/0')).toEqual([
      'ingress',
      'from',
      'anyipv4',
      'or',
      'anyipv6',
    ]);
  });
});

describe('analyseQuery', () => {
  it('recognises a misspelt service name, once repaired, where it was named', () => {
    const repair = new QueryRepair([]);
    const query = analyseQuery(
      repair.repair('gaurdduty s3 protecton disabled'),
    );
    expect(query.services[0]).toBe('guardduty');
    expect(query.text).toContain('guardduty');
  });

  it('does not take an unrelated long word for a service', () => {
    const repair = new QueryRepair([]);
    expect(
      analyseQuery(repair.repair('the encryption settings')).services,
    ).toEqual([]);
  });

  it('lists named services in the order the query names them', () => {
    expect(
      analyseQuery('ALB access logs are not going to any bucket').services,
    ).toEqual(['elb', 's3']);
    expect(analyseQuery('gd rds protection turned off').services).toEqual([
      'guardduty',
      'rds',
    ]);
  });

  it('takes a name inside a longer one as the longer one’s service', () => {
    expect(
      analyseQuery('kinesis firehose delivery stream not encrypted').services,
    ).toEqual(['datafirehose']);
    expect(analyseQuery('kinesis data stream not encrypted').services).toEqual([
      'kinesis',
    ]);
  });

  it.each([
    ['the instances were shut down in March', 'stopped'],
    ['a key scheduled for deletion next week', 'unintentionally'],
    ["this user hasn't logged in since last year", 'unused'],
    ['let in-flight requests finish before deregistration', 'drain'],
    ['the last rotation attempt failed', 'successfully'],
    ['COPY and UNLOAD go over the public internet', 'enhanced'],
    ['spread traffic evenly regardless of zone', 'cross'],
    ['our ASG only launches in us-east-1a', 'availability'],
    ['a policy with "Action": "*" on everything', 'administrative'],
    ['policies granting s3:* to developers', 'wildcard'],
  ])('reads the symbols in %p', (text, term) => {
    expect([...analyseQuery(text).expansionTerms]).toContain(term);
  });
});

describe('LocalControlRetriever query repair', () => {
  it.each([
    ['vpc flowlogs not turned on', 'EC2.6'],
    ['gaurdduty s3 protecton disabled', 'GuardDuty.10'],
    ['security groups allow remote admin ports from ::/0', 'EC2.54'],
    ['security groups allow remote admin ports from 0.0.0.0/0', 'EC2.53'],
    ['ALB access logs are not going to any bucket', 'ELB.5'],
    ['make sure no IAM policy grants Action "*" on Resource "*"', 'IAM.1'],
  ])('%p → %s', async (text, expected) => {
    expect(await top(text)).toBe(expected);
  });
});

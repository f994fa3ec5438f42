import {
  DEFAULT_DEMO_OCSF_FINDINGS_COUNT,
  DEMO_OCSF_ACCOUNT_IDS,
  generateDemoOcsfFindings,
} from './generateDemoOcsfFindings';

type Ocsf = {
  class_uid: number;
  cloud: { account: { uid: string } };
  compliance: { control: string; status_id: number };
  finding_info: {
    uid: string;
    modified_time: number;
    modified_time_dt: string;
  };
  resources: Array<{ type: string }>;
  activity_id: number;
  status_id: number;
};

describe('generateDemoOcsfFindings', () => {
  const findings = generateDemoOcsfFindings() as unknown as Ocsf[];

  it('is reproducible', () => {
    expect(generateDemoOcsfFindings()).toEqual(findings);
  });

  it('writes Compliance Findings of the two OCSF demo accounts, each id once', () => {
    expect(findings).toHaveLength(DEFAULT_DEMO_OCSF_FINDINGS_COUNT);
    expect(new Set(findings.map(f => f.class_uid))).toEqual(new Set([2003]));
    expect(new Set(findings.map(f => f.cloud.account.uid))).toEqual(
      new Set(DEMO_OCSF_ACCOUNT_IDS),
    );
    expect(new Set(findings.map(f => f.finding_info.uid)).size).toBe(
      findings.length,
    );
  });

  it('keeps both forms of each time equal and closes only archived findings', () => {
    for (const f of findings) {
      expect(Date.parse(f.finding_info.modified_time_dt)).toBe(
        f.finding_info.modified_time,
      );
      expect(f.activity_id === 3).toBe(f.status_id === 5);
    }
  });

  it('writes resource types in CloudFormation form where the split is unambiguous', () => {
    const types = new Set(findings.flatMap(f => f.resources.map(r => r.type)));
    expect(
      types.has('AWS::S3::Bucket') || types.has('AWS::EC2::Instance'),
    ).toBe(true);
    for (const type of types) {
      expect(type).toMatch(
        /^(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+|Aws[A-Za-z0-9]+)$/,
      );
    }
  });
});

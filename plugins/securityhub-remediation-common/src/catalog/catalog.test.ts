import { getControl, listControls } from '.';

describe('control catalog', () => {
  const controls = listControls();

  it('bundles the Security Hub controls of the reference data', () => {
    expect(controls.length).toBeGreaterThanOrEqual(550);
    expect(controls.length).toBeLessThanOrEqual(600);
    expect(new Set(controls.map(c => c.id)).size).toBe(controls.length);
  });

  it('finds a control by id, ignoring case', () => {
    const control = getControl('s3.5');
    expect(control).toMatchObject({
      id: 'S3.5',
      service: 'S3',
      severity: 'MEDIUM',
      configRule: 's3-bucket-ssl-requests-only',
      inFsbp: true,
      status: 'active',
      resourceType: 'AwsS3Bucket',
    });
    expect(getControl(' EC2.2 ')?.resourceType).toBe('AwsEc2SecurityGroup');
    expect(getControl('S3.999')).toBeUndefined();
  });

  it('gives every control an ASFF resource type and a known severity', () => {
    for (const control of controls) {
      expect(control.resourceType).toMatch(/^Aws[A-Za-z0-9]+$/);
      expect(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']).toContain(control.severity);
      expect(['active', 'retired', 'unverified']).toContain(control.status);
    }
  });

  it('maps controls to the resource Security Hub reports', () => {
    const typeOf = (id: string) => getControl(id)?.resourceType;
    expect(typeOf('EC2.8')).toBe('AwsEc2Instance');
    expect(typeOf('EC2.7')).toBe('AwsAccount');
    expect(typeOf('EC2.3')).toBe('AwsEc2Volume');
    expect(typeOf('EC2.19')).toBe('AwsEc2SecurityGroup');
    expect(typeOf('IAM.1')).toBe('AwsIamPolicy');
    expect(typeOf('IAM.3')).toBe('AwsIamUser');
    expect(typeOf('IAM.6')).toBe('AwsAccount');
    expect(typeOf('RDS.1')).toBe('AwsRdsDbSnapshot');
    expect(typeOf('RDS.7')).toBe('AwsRdsDbCluster');
    expect(typeOf('RDS.8')).toBe('AwsRdsDbInstance');
    expect(typeOf('DMS.1')).toBe('AwsDmsReplicationInstance');
    expect(typeOf('ELB.3')).toBe('AwsElbLoadBalancer');
    expect(typeOf('ELB.1')).toBe('AwsElbv2LoadBalancer');
    expect(typeOf('Config.1')).toBe('AwsAccount');
    expect(typeOf('GuardDuty.1')).toBe('AwsAccount');
    expect(typeOf('CloudTrail.2')).toBe('AwsCloudTrailTrail');
  });

  it('keeps runbooks, title variants and the FSBP flag', () => {
    expect(getControl('S3.5')?.runbook).toBe('ASR-SetSSLBucketPolicy');
    expect(getControl('S3.5')?.titleVariants.length).toBeGreaterThan(0);
    expect(
      controls.filter(c => c.status === 'active' && c.inFsbp).length,
    ).toBeGreaterThan(300);
  });

  it('is sorted by service, then control number', () => {
    const s3 = controls.filter(c => c.service === 'S3').map(c => c.id);
    expect(s3.slice(0, 3)).toEqual(['S3.1', 'S3.2', 'S3.3']);
    expect(s3.indexOf('S3.9')).toBeLessThan(s3.indexOf('S3.10'));
  });
});

import { listControls } from '@internal/plugin-securityhub-remediation-common';
import { mergeControlCatalog } from './mergeControlCatalog';
import {
  bundledControl,
  liveDefinition,
  liveList,
} from './__testUtils__/fixtures';

describe('mergeControlCatalog', () => {
  it('takes the live title and keeps the old one as a variant findings still carry', () => {
    const bundled = [
      bundledControl('ACM.1', {
        title: 'Imported ACM certificates should be renewed',
        titleVariants: ['ACM certificates should be renewed', 'New wording'],
      }),
    ];
    const { controls, diff } = mergeControlCatalog(
      bundled,
      liveList([liveDefinition('ACM.1', { title: 'New wording' })]),
    );
    expect(controls[0].title).toBe('New wording');
    expect(controls[0].titleVariants).toEqual([
      'ACM certificates should be renewed',
      'Imported ACM certificates should be renewed',
    ]);
    expect(diff.retitled).toEqual([
      {
        id: 'ACM.1',
        from: 'Imported ACM certificates should be renewed',
        to: 'New wording',
      },
    ]);
  });

  it('takes the live severity, upper-cased as the catalog spells it', () => {
    const { controls, diff } = mergeControlCatalog(
      [bundledControl('S3.5', { severity: 'MEDIUM' })],
      liveList([
        liveDefinition('S3.5', { title: 'S3.5 title', severity: 'high' }),
      ]),
    );
    expect(controls[0]).toEqual(bundledControl('S3.5', { severity: 'HIGH' }));
    expect(diff.severityChanged).toEqual([
      { id: 'S3.5', from: 'MEDIUM', to: 'HIGH' },
    ]);
    expect(diff.retitled).toEqual([]);
  });

  it('keeps the bundled severity of an unknown live label, and says so', () => {
    const { controls, diff } = mergeControlCatalog(
      [bundledControl('S3.5')],
      liveList([liveDefinition('S3.5', { severity: 'informational' })]),
    );
    expect(controls[0].severity).toBe('MEDIUM');
    expect(diff.notApplied).toEqual([
      { id: 'S3.5', reason: "unknown severity 'informational'; kept MEDIUM" },
    ]);
  });

  it('adds a new control as active, in catalog order, with an unknown resource type left empty', () => {
    const bundled = [bundledControl('S3.9'), bundledControl('S3.10')];
    const { controls, diff } = mergeControlCatalog(
      bundled,
      liveList([
        liveDefinition('S3.9'),
        liveDefinition('S3.10'),
        liveDefinition('S3.11', {
          title: 'S3 buckets should do something new',
          severity: 'low',
        }),
        liveDefinition('ACM.9', { title: 'ACM thing', severity: 'critical' }),
      ]),
    );
    expect(controls.map(c => c.id)).toEqual([
      'ACM.9',
      'S3.9',
      'S3.10',
      'S3.11',
    ]);
    expect(controls[3]).toEqual({
      id: 'S3.11',
      service: 'S3',
      title: 'S3 buckets should do something new',
      titleVariants: [],
      severity: 'LOW',
      configRule: null,
      runbook: null,
      inFsbp: false,
      status: 'active',
      resourceType: '',
    });
    expect(diff.added).toEqual([
      {
        id: 'S3.11',
        title: 'S3 buckets should do something new',
        severity: 'LOW',
        resourceType: '',
      },
      {
        id: 'ACM.9',
        title: 'ACM thing',
        severity: 'CRITICAL',
        resourceType: '',
      },
    ]);
  });

  it("derives a new control's resource type only from a bundled control with the same title", () => {
    const bundled = [
      bundledControl('EC2.2', {
        title: 'VPC default security groups should not allow traffic',
        resourceType: 'AwsEc2SecurityGroup',
      }),
      bundledControl('EC2.7', {
        title: 'EBS default encryption should be enabled',
        resourceType: 'AwsAccount',
      }),
    ];
    const { controls } = mergeControlCatalog(
      bundled,
      liveList(
        [
          liveDefinition('EC2.200', {
            title: 'VPC default  security groups should not allow traffic',
          }),
          // Same subject as EC2.7, different check: not enough to tell.
          liveDefinition('EC2.201', {
            title: 'EBS default encryption should use a CMK',
          }),
          liveDefinition('EC2.202', {
            title: 'Custom',
          }),
        ],
        false,
      ),
      {
        resourceTypeOf: d => (d.id === 'EC2.202' ? 'AwsEc2Vpc' : undefined),
      },
    );
    const typeOf = (id: string) =>
      controls.find(c => c.id === id)?.resourceType;
    expect(typeOf('EC2.200')).toBe('AwsEc2SecurityGroup');
    expect(typeOf('EC2.201')).toBe('');
    expect(typeOf('EC2.202')).toBe('AwsEc2Vpc');
  });

  it('retires bundled controls missing from a complete list only', () => {
    const bundled = [
      bundledControl('S3.1'),
      bundledControl('S3.2'),
      bundledControl('S3.3', { status: 'retired' }),
    ];
    const live = [liveDefinition('S3.1')];

    const complete = mergeControlCatalog(bundled, liveList(live, true));
    expect(complete.controls.map(c => [c.id, c.status])).toEqual([
      ['S3.1', 'active'],
      ['S3.2', 'retired'],
      ['S3.3', 'retired'],
    ]);
    expect(complete.diff.retired).toEqual(['S3.2']);
    expect(complete.diff.liveListComplete).toBe(true);

    // A standard's list leaves out controls of other standards.
    const partial = mergeControlCatalog(bundled, liveList(live, false));
    expect(partial.controls.map(c => c.status)).toEqual([
      'active',
      'active',
      'retired',
    ]);
    expect(partial.diff.retired).toEqual([]);
    expect(partial.diff.liveListComplete).toBe(false);
  });

  it('reactivates retired and unverified controls the live list has', () => {
    const { controls, diff } = mergeControlCatalog(
      [
        bundledControl('S3.1', { status: 'retired' }),
        bundledControl('S3.2', { status: 'unverified' }),
      ],
      liveList([liveDefinition('S3.1'), liveDefinition('S3.2')]),
    );
    expect(controls.map(c => c.status)).toEqual(['active', 'active']);
    expect(diff.reactivated).toEqual([
      { id: 'S3.1', from: 'retired', to: 'active' },
      { id: 'S3.2', from: 'unverified', to: 'active' },
    ]);
  });

  it('sets inFsbp from the standard membership when given, else keeps it', () => {
    const bundled = [
      bundledControl('S3.1', { inFsbp: true }),
      bundledControl('S3.2', { inFsbp: false }),
    ];
    const live = liveList([
      liveDefinition('S3.1'),
      liveDefinition('S3.2'),
      liveDefinition('S3.3'),
    ]);
    const withMembers = mergeControlCatalog(bundled, live, {
      fsbpIds: ['S3.2', 'S3.3'],
    });
    expect(withMembers.controls.map(c => c.inFsbp)).toEqual([
      false,
      true,
      true,
    ]);
    expect(withMembers.diff.fsbpChanged).toEqual([
      { id: 'S3.1', from: true, to: false },
      { id: 'S3.2', from: false, to: true },
    ]);
    const without = mergeControlCatalog(bundled, live);
    expect(without.controls.map(c => c.inFsbp)).toEqual([true, false, false]);
    expect(without.diff.fsbpChanged).toEqual([]);
  });

  it('does not add controls of another cloud, or with an unknown severity', () => {
    const { controls, diff } = mergeControlCatalog(
      [],
      liveList([
        liveDefinition('Azure.1', { provider: 'Azure' }),
        liveDefinition('S3.1', { severity: undefined }),
      ]),
    );
    expect(controls).toEqual([]);
    expect(diff.notApplied).toEqual([
      { id: 'Azure.1', reason: 'provider Azure is not AWS; not added' },
      { id: 'S3.1', reason: "unknown severity ''; not added" },
    ]);
  });

  it('leaves the bundled catalog as it is when the live list says the same', () => {
    const bundled = listControls();
    const live = bundled
      .filter(c => c.status === 'active')
      .map(c =>
        liveDefinition(c.id, {
          title: c.title,
          severity: c.severity.toLowerCase(),
        }),
      );
    const { controls, diff } = mergeControlCatalog(
      bundled,
      liveList(live, false),
      {
        fsbpIds: bundled.filter(c => c.inFsbp).map(c => c.id),
      },
    );
    expect(controls).toEqual(bundled);
    expect(diff).toEqual({
      liveListComplete: false,
      added: [],
      retitled: [],
      severityChanged: [],
      retired: [],
      reactivated: [],
      fsbpChanged: [],
      notApplied: [],
    });
  });
});

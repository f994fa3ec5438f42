import {
  getControl,
  listControls,
} from '@internal/plugin-securityhub-remediation-common';
import {
  CANNOT_AUTOMATE,
  GUIDANCE_CONTROL_IDS,
  knowledgeFor,
  remediationGuidance,
} from './index';

describe('CANNOT_AUTOMATE', () => {
  it('lists at least 20 catalog controls, each once, with numbered steps', () => {
    expect(CANNOT_AUTOMATE.length).toBeGreaterThanOrEqual(20);
    const ids = CANNOT_AUTOMATE.map(entry => entry.controlId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of CANNOT_AUTOMATE) {
      expect(getControl(entry.controlId)?.status).toBe('active');
      expect(entry.reason.length).toBeGreaterThan(30);
      // Steps are plain sentences: whoever shows them numbers them.
      for (const step of entry.manualSteps) {
        expect(step).not.toMatch(/^\s*\d+[.)]\s/);
      }
      expect(entry.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });
});

describe('remediationGuidance', () => {
  it('covers every control that is not retired, once', () => {
    expect(new Set(GUIDANCE_CONTROL_IDS).size).toBe(
      GUIDANCE_CONTROL_IDS.length,
    );
    const uncovered = listControls()
      .filter(c => c.status !== 'retired' && !remediationGuidance(c.id))
      .map(c => c.id);
    expect(uncovered).toEqual([]);
    for (const id of GUIDANCE_CONTROL_IDS) {
      expect(getControl(id)).toBeDefined();
      expect(remediationGuidance(id)?.steps.length).toBeGreaterThan(0);
    }
  });

  it('ignores case', () => {
    expect(remediationGuidance('s3.5')?.summary).toContain('HTTP');
  });
});

describe('knowledgeFor', () => {
  it('combines catalog, runbook, manual and guidance knowledge', () => {
    const s3 = knowledgeFor('s3.2');
    expect(s3?.control.id).toBe('S3.2');
    expect(s3?.awsRunbook?.runbook).toBe(
      'AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock',
    );
    expect(s3?.cannotAutomate).toBeUndefined();
    const dms = knowledgeFor('DMS.1');
    expect(dms?.cannotAutomate?.reason).toContain('PubliclyAccessible');
    expect(dms?.awsRunbook).toBeUndefined();
  });

  it('returns undefined for unknown controls', () => {
    expect(knowledgeFor('Nope.1')).toBeUndefined();
  });
});

describe('knowledgeFor: ASR runbooks', () => {
  it('names the ASR runbook only when that solution is deployed', () => {
    expect(knowledgeFor('S3.5')?.asrRunbook).toBeUndefined();
    expect(knowledgeFor('s3.5', { asrDeployed: true })?.asrRunbook).toBe(
      'ASR-SetSSLBucketPolicy',
    );
    expect(
      knowledgeFor('DMS.1', { asrDeployed: true })?.asrRunbook,
    ).toBeUndefined();
  });
});

import fs from 'fs';
import path from 'path';
import { getControl } from '@internal/plugin-securityhub-remediation-common';
import { AWS_RUNBOOK_REMEDIATIONS } from './awsRunbooks';
import { CANNOT_AUTOMATE } from './cannotAutomate';
import {
  RESOURCE_DETAIL_FIELDS,
  RESOURCE_TYPES_WITH_NAME,
} from './resourceIdentifiers';

const RUNBOOKS_FILE = '/work/shared/data/aws-remediation-runbooks.json';

function knownRunbookNames(): Set<string> {
  const data = JSON.parse(fs.readFileSync(path.resolve(RUNBOOKS_FILE), 'utf8'));
  const names = new Set<string>();
  const groups = [
    data.AWSConfigRemediation.by_service,
    data.AWS_prefixed_security_remediation_runbooks_curated.by_service,
  ] as Record<string, string[]>[];
  for (const group of groups) {
    Object.values(group).forEach(list => list.forEach(name => names.add(name)));
  }
  return names;
}

describe('AWS_RUNBOOK_REMEDIATIONS', () => {
  it('maps a realistic number of controls, each once', () => {
    const ids = AWS_RUNBOOK_REMEDIATIONS.map(entry => entry.controlId);
    expect(ids.length).toBeGreaterThanOrEqual(50);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(AWS_RUNBOOK_REMEDIATIONS.map(e => [e.controlId, e] as const))(
    '%s is consistent',
    (_id, entry) => {
      const control = getControl(entry.controlId);
      expect(control?.status).toBe('active');
      expect(control?.resourceType).toBe(entry.resourceType);
      expect(knownRunbookNames().has(entry.runbook)).toBe(true);
      expect(entry.runbook).toMatch(/^(AWS|AWSConfigRemediation)-/);
      expect(entry.source).toMatch(
        /^https:\/\/docs\.aws\.amazon\.com\/systems-manager-automation-runbooks\/latest\/userguide\/[\w-]+\.html$/,
      );
      expect(entry.rationale.length).toBeGreaterThan(20);
      expect(entry.parameters.AutomationAssumeRole).toEqual({
        from: 'automationAssumeRole',
      });
      for (const action of entry.requiredIamActions) {
        expect(action).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
        expect(action).not.toContain('*');
      }
      const sources = Object.values(entry.parameters).flatMap(value =>
        'from' in value ? [value] : [],
      );
      const invalid = sources.filter(value => {
        switch (value.from) {
          case 'resourceName':
            return !RESOURCE_TYPES_WITH_NAME.includes(entry.resourceType);
          case 'resourceDetail':
            return !(RESOURCE_DETAIL_FIELDS[entry.resourceType] ?? []).includes(
              value.field,
            );
          case 'resourceId':
            return entry.resourceType === 'AwsAccount';
          default:
            return false;
        }
      });
      expect(invalid).toEqual([]);
    },
  );

  it('has no control that is also listed as cannot-automate', () => {
    const manual = new Set(CANNOT_AUTOMATE.map(entry => entry.controlId));
    const overlap = AWS_RUNBOOK_REMEDIATIONS.filter(e =>
      manual.has(e.controlId),
    );
    expect(overlap).toEqual([]);
  });
});

import type { AutomationKind } from '@internal/plugin-securityhub-remediation-common';

const KIND_LABELS: Record<AutomationKind, string> = {
  'aws-runbook': 'AWS runbook',
  curated: 'Curated template',
  'model-written': 'Model-written template',
  'cannot-automate': 'Cannot be automated',
  'not-automated': 'Not automated yet',
};

/** A person-readable name of how a remediation automates the fix. */
export function automationKindLabel(kind: AutomationKind): string {
  return KIND_LABELS[kind] ?? kind;
}

import { listControls } from '@internal/plugin-securityhub-remediation-common';
import { renderRemediation } from './templates/renderRemediation';
import { validateRemediationFile } from './validation';

export type AutomatedBy =
  | 'aws-runbook'
  | 'curated'
  | 'cannot-automate'
  | 'none';

export interface ControlCoverage {
  controlId: string;
  title: string;
  automatedBy: AutomatedBy;
  /** The AWS runbook, or the reason it cannot be automated. */
  detail?: string;
  /** Rendered template passes the in-process validator (automations only). */
  validated?: boolean;
  problems?: string[];
}

export interface CoverageReport {
  standard: 'AWS Foundational Security Best Practices';
  controls: ControlCoverage[];
  totals: Record<AutomatedBy, number> & {
    controls: number;
    automated: number;
    validated: number;
  };
}

/**
 * Every active control of the FSBP standard, what remediates it, and whether
 * its rendered template passes validation. Rendering uses no finding, so
 * resource parameters are empty; validation checks the template itself.
 */
export function coverageReport(): CoverageReport {
  const controls: ControlCoverage[] = [];
  for (const control of listControls()) {
    if (!control.inFsbp || control.status !== 'active') continue;
    const answer = renderRemediation({ controlId: control.id });
    const entry: ControlCoverage = {
      controlId: control.id,
      title: control.title,
      automatedBy: answer.kind === 'not-automated' ? 'none' : answer.kind,
    };
    if (answer.kind === 'cannot-automate') entry.detail = answer.reason;
    if (answer.kind === 'aws-runbook' || answer.kind === 'curated') {
      if (answer.runbook) entry.detail = answer.runbook;
      const report = validateRemediationFile(
        answer.templateYaml,
        `${answer.name}.yaml`,
      );
      entry.validated = report.valid;
      const errors = report.problems.filter(p => p.severity === 'error');
      if (errors.length)
        entry.problems = errors.map(p => `${p.rule}: ${p.message}`);
    }
    controls.push(entry);
  }
  const count = (kind: AutomatedBy) =>
    controls.filter(c => c.automatedBy === kind).length;
  return {
    standard: 'AWS Foundational Security Best Practices',
    controls,
    totals: {
      controls: controls.length,
      'aws-runbook': count('aws-runbook'),
      curated: count('curated'),
      'cannot-automate': count('cannot-automate'),
      none: count('none'),
      automated: count('aws-runbook') + count('curated'),
      validated: controls.filter(c => c.validated).length,
    },
  };
}

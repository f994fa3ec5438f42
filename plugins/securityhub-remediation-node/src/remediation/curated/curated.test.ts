import { getControl } from '@internal/plugin-securityhub-remediation-common';
import { renderRemediation } from '../templates/renderRemediation';
import { validateRemediationFile } from '../validation';
import { CURATED_AUTOMATIONS, curatedAutomationFor } from './index';
import type { AutomationStep, CuratedAutomation } from './types';

/**
 * The curated library's own rules: how its data is written (parameters
 * filled from the finding, a verification after the last change, a reason
 * for every permission). Whether an automation is a valid document with a
 * least-privilege role — APIs, inputs, references, the boto3 calls of its
 * scripts and the IAM actions they need — is the shipped validator's job:
 * each automation is rendered and validated like any other template.
 */

/**
 * Active controls outside the FSBP standard, curated because they were asked
 * for by name; anything else must be an FSBP control.
 */
const OUTSIDE_FSBP_BY_REQUEST = new Set(['KMS.4']);

const ALLOWED_ACTIONS = new Set([
  'aws:executeAwsApi',
  'aws:assertAwsResourceProperty',
  'aws:waitForAwsResourceProperty',
  'aws:executeScript',
]);
const READ_ONLY_API = /^(Get|Describe|List|BatchGet)/;

const isVerification = (step: AutomationStep) =>
  step.action === 'aws:assertAwsResourceProperty' ||
  step.action === 'aws:waitForAwsResourceProperty' ||
  (step.action === 'aws:executeScript' && step.name.startsWith('Verify'));

const isChange = (step: AutomationStep) =>
  (step.action === 'aws:executeAwsApi' &&
    !READ_ONLY_API.test(String(step.inputs.Api))) ||
  (step.action === 'aws:executeScript' && !step.name.startsWith('Verify'));

/** Problems of the parameters: fills, types and identifier patterns. */
function parameterProblems(automation: CuratedAutomation): string[] {
  const problems: string[] = [];
  if ('AutomationAssumeRole' in automation.parameters) {
    problems.push('declares AutomationAssumeRole');
  }
  for (const [name, parameter] of Object.entries(automation.parameters)) {
    if (!/^[A-Z][A-Za-z0-9]+$/.test(name)) problems.push(`${name}: bad name`);
    if (!parameter.description) problems.push(`${name}: no description`);
    if ('from' in parameter.fill) {
      if (parameter.type !== 'String') problems.push(`${name}: not a String`);
      if (!parameter.allowedPattern) problems.push(`${name}: no pattern`);
    } else {
      const { value } = parameter.fill;
      const expected = Array.isArray(value)
        ? 'StringList'
        : { number: 'Integer', boolean: 'Boolean', string: 'String' }[
            typeof value as string
          ];
      if (parameter.type !== expected) {
        problems.push(`${name}: ${parameter.type} for a ${typeof value}`);
      }
    }
    if (parameter.allowedPattern) {
      if (!/^\^.*\$$/.test(parameter.allowedPattern)) {
        problems.push(`${name}: pattern not anchored`);
      }
      const pattern = new RegExp(parameter.allowedPattern);
      if (
        !('from' in parameter.fill) &&
        !pattern.test(String(parameter.fill.value))
      ) {
        problems.push(`${name}: value does not match its pattern`);
      }
    }
  }
  return problems;
}

/** How steps are written: actions the library uses, names, script form. */
function stepProblems(automation: CuratedAutomation): string[] {
  const problems: string[] = [];
  for (const step of automation.steps) {
    const where = step.name;
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(step.name))
      problems.push(`${where}: bad name`);
    if (!ALLOWED_ACTIONS.has(step.action))
      problems.push(`${where}: action ${step.action}`);
    if (step.action === 'aws:executeScript') {
      if (step.inputs.Runtime !== 'python3.11')
        problems.push(`${where}: runtime`);
      if (step.inputs.Handler !== 'handler') problems.push(`${where}: handler`);
      if (!String(step.inputs.Script).includes('def handler(events, context):'))
        problems.push(`${where}: no handler function`);
    }
  }
  return problems;
}

/** Every statement says why; `*` only where it says no resource scope exists. */
function permissionProblems(automation: CuratedAutomation): string[] {
  const problems: string[] = [];
  for (const statement of automation.permissions) {
    if (statement.why.length < 10) problems.push('statement without why');
    for (const resource of statement.resources) {
      if (resource === '*') {
        if (!/resource-level|no resource/i.test(statement.why))
          problems.push(`* for ${statement.actions} without saying why`);
      } else if (
        !/^(arn:\$\{AWS::Partition\}:|\$\{[A-Za-z0-9]+\}$)/.test(resource)
      ) {
        problems.push(`resource ${resource} is not an ARN`);
      }
    }
  }
  return problems;
}

describe('curated automations', () => {
  it('has one automation per control, reachable by control id', () => {
    const ids = CURATED_AUTOMATIONS.map(automation => automation.controlId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(60);
    for (const automation of CURATED_AUTOMATIONS) {
      expect(curatedAutomationFor(automation.controlId)).toBe(automation);
    }
    expect(curatedAutomationFor('S3.9')).toBeUndefined();
    expect(curatedAutomationFor('SecretsManager.1')).toBeUndefined();
  });

  describe.each(
    CURATED_AUTOMATIONS.map(automation => [automation.controlId, automation]),
  )('%s', (_id, automation: CuratedAutomation) => {
    it('is an active catalog control of the FSBP standard, on its resource type', () => {
      const control = getControl(automation.controlId);
      expect(control).toEqual(
        expect.objectContaining({
          status: 'active',
          resourceType: automation.resourceType,
          inFsbp: !OUTSIDE_FSBP_BY_REQUEST.has(automation.controlId),
        }),
      );
      expect(automation.description).toMatch(/\.$/);
    });

    it('declares parameters filled from the finding, with patterns for identifiers', () => {
      expect(parameterProblems(automation)).toEqual([]);
    });

    it('writes its steps and permissions the way the library does', () => {
      expect(stepProblems(automation)).toEqual([]);
      expect(permissionProblems(automation)).toEqual([]);
    });

    it('verifies the fix after the last change', () => {
      const lastChange = automation.steps.map(isChange).lastIndexOf(true);
      const lastVerification = automation.steps
        .map(isVerification)
        .lastIndexOf(true);
      expect(lastChange).toBeGreaterThanOrEqual(0);
      expect(lastVerification).toBeGreaterThan(lastChange);
    });

    it('renders a template the validator accepts, its role proven least privilege', () => {
      const answer = renderRemediation({
        controlId: automation.controlId,
        prefer: 'curated',
      });
      if (answer.kind !== 'curated') throw new Error(`rendered ${answer.kind}`);
      const report = validateRemediationFile(
        answer.templateYaml,
        `${answer.name}.yaml`,
      );
      // No error, and no warning either: every script's boto3 calls were
      // read, so the role's actions are derived, not merely declared.
      expect(report.problems).toEqual([]);
    });
  });
});

import {
  getControl,
  type AsffFinding,
} from '@internal/plugin-securityhub-remediation-common';
import {
  awsRunbookFor,
  cannotAutomateFor,
  remediationGuidance,
  type AwsRunbookRemediation,
  type RemediationGuidance,
} from '../knowledge';
import { curatedAutomationFor } from '../curated';
import type { CuratedAutomation } from '../curated/types';
import {
  automationTemplate,
  templateYaml,
  type RoleStatement,
} from './automationTemplate';
import {
  findingTarget,
  isArn,
  valueFromFinding,
  type FindingTarget,
} from './findingResource';
import { renderParametersFile } from './parametersFile';
import { actionsOnResource, runbookRoleStatements } from './runbookRole';
import { remediationStackName } from './stackName';

/** A remediation rendered as files the pipeline deploys. */
export interface RenderedRemediation {
  kind: 'aws-runbook' | 'curated';
  controlId: string;
  controlTitle: string;
  /** Stack name and file name: `deploy/<name>.yaml`, `deploy/parameters/<name>-params.json`. */
  name: string;
  description: string;
  /** The AWS-owned runbook the document runs (kind `aws-runbook`). */
  runbook?: string;
  template: Record<string, unknown>;
  templateYaml: string;
  /** Template parameter values taken from the finding. */
  parameters: Record<string, string>;
  /** Parameters the finding cannot fill (an operator must). */
  missingParameters: Array<{ name: string; description: string }>;
  parametersJson: string;
  caveats: string[];
  source?: string;
}

export interface CannotAutomateAnswer {
  kind: 'cannot-automate';
  controlId: string;
  controlTitle: string;
  reason: string;
  manualSteps: readonly string[];
  source: string;
}

export interface NotAutomatedAnswer {
  kind: 'not-automated';
  controlId: string;
  controlTitle: string;
  guidance?: RemediationGuidance;
}

export type RemediationAnswer =
  | RenderedRemediation
  | CannotAutomateAnswer
  | NotAutomatedAnswer;

/** Thrown for a control id the catalog does not know. */
export class UnknownControlError extends Error {
  constructor(readonly controlId: string) {
    super(
      `"${controlId}" is not a Security Hub control this product knows (e.g. S3.5, EC2.19)`,
    );
    this.name = 'UnknownControlError';
  }
}

/** Which automation wins where a control has both. */
export const AUTOMATION_PREFERENCES = ['aws-runbook', 'curated'] as const;
export type AutomationPreference = (typeof AUTOMATION_PREFERENCES)[number];

/**
 * What the product can do about a control: an AWS-owned runbook (preferred
 * by default: maintained by AWS, present in every account), else the
 * project's curated automation, else an explicit cannot-automate answer or
 * none yet. `prefer: 'curated'` takes the curated automation where both
 * exist: it reads the setting back and fails the run when the fix did not
 * take, where most AWS runbooks only make the call. With a finding, the
 * parameters are filled from its resource.
 */
export function renderRemediation(input: {
  controlId: string;
  finding?: AsffFinding;
  prefer?: AutomationPreference;
}): RemediationAnswer {
  const control = getControl(input.controlId);
  if (!control) throw new UnknownControlError(input.controlId);
  const base = { controlId: control.id, controlTitle: control.title };

  const runbook = awsRunbookFor(control.id);
  const curated = curatedAutomationFor(control.id);
  if (curated && (input.prefer === 'curated' || !runbook))
    return renderCurated(base, curated, input.finding);
  if (runbook) return renderRunbook(base, runbook, input.finding);
  const cannot = cannotAutomateFor(control.id);
  if (cannot) {
    return {
      kind: 'cannot-automate',
      ...base,
      reason: cannot.reason,
      manualSteps: cannot.manualSteps,
      source: cannot.source,
    };
  }
  return {
    kind: 'not-automated',
    ...base,
    guidance: remediationGuidance(control.id),
  };
}

type Base = { controlId: string; controlTitle: string };

const RESOURCE_ARN = 'ResourceArn';
const RESOURCE_ARN_DESCRIPTION =
  'ARN of the resource to remediate (the role may act on it only)';

function renderRunbook(
  base: Base,
  runbook: AwsRunbookRemediation,
  finding: AsffFinding | undefined,
): RenderedRemediation {
  const name = remediationStackName(base.controlId);
  const target = finding && findingTarget(finding, runbook.resourceType);
  const parameters: Record<string, { type: 'String'; description: string }> =
    {};
  const runtimeParameters: Record<string, unknown> = {};
  const values: Record<string, string> = {};
  const missing: RenderedRemediation['missingParameters'] = [];

  for (const [key, source] of Object.entries(runbook.parameters)) {
    if ('value' in source) {
      runtimeParameters[key] = Array.isArray(source.value)
        ? [...source.value]
        : String(source.value);
      continue;
    }
    if (source.from === 'automationAssumeRole') {
      runtimeParameters[key] = '{{ AutomationAssumeRole }}';
      continue;
    }
    const description =
      source.from === 'operatorInput'
        ? source.description
        : `${key} of the ${runbook.resourceType} to remediate (${source.from})`;
    parameters[key] = { type: 'String', description };
    runtimeParameters[key] = `{{ ${key} }}`;
    const value =
      target && source.from !== 'operatorInput'
        ? valueFromFinding(target, source)
        : undefined;
    if (value === undefined) missing.push({ name: key, description });
    else values[key] = value;
  }

  // The role names the finding's resource by ARN (a template parameter
  // filled from the finding) for the runbook's actions on it.
  const scoped = actionsOnResource(runbook).length > 0;
  if (scoped) {
    const arn =
      target && isArn(target.resourceId) ? target.resourceId : undefined;
    if (arn) values[RESOURCE_ARN] = arn;
    else {
      missing.push({
        name: RESOURCE_ARN,
        description: RESOURCE_ARN_DESCRIPTION,
      });
    }
  }
  const template = automationTemplate({
    name,
    controlId: base.controlId,
    description: `Runs ${runbook.runbook} on the resource of the finding.`,
    parameters,
    roleParameters: scoped
      ? {
          [RESOURCE_ARN]: {
            description: RESOURCE_ARN_DESCRIPTION,
            allowedPattern: '^arn:aws[a-z-]*:[a-z0-9-]+:.*$',
          },
        }
      : undefined,
    steps: [
      {
        name: 'RunAwsRunbook',
        action: 'aws:executeAutomation',
        inputs: {
          DocumentName: runbook.runbook,
          RuntimeParameters: runtimeParameters,
        },
      },
    ],
    statements: runbookRoleStatements(
      runbook,
      scoped ? RESOURCE_ARN : undefined,
    ),
    passesRoleToAutomation: true,
  });
  return rendered(base, {
    kind: 'aws-runbook',
    name,
    description: runbook.rationale,
    runbook: runbook.runbook,
    template,
    values,
    missing,
    caveats: [],
    source: runbook.source,
  });
}

function renderCurated(
  base: Base,
  curated: CuratedAutomation,
  finding: AsffFinding | undefined,
): RenderedRemediation {
  const name = remediationStackName(base.controlId);
  const target: FindingTarget | undefined =
    finding && findingTarget(finding, curated.resourceType);
  const values: Record<string, string> = {};
  const missing: RenderedRemediation['missingParameters'] = [];
  for (const [key, parameter] of Object.entries(curated.parameters)) {
    const { fill } = parameter;
    const value =
      'value' in fill
        ? [fill.value].flat().map(String).join(',')
        : target && valueFromFinding(target, fill);
    if (value === undefined) {
      missing.push({ name: key, description: parameter.description });
    } else {
      values[key] = value;
    }
  }
  const statements: RoleStatement[] = curated.permissions.map(p => ({
    actions: p.actions,
    resources: p.resources,
  }));
  const template = automationTemplate({
    name,
    controlId: base.controlId,
    description: curated.description,
    parameters: Object.fromEntries(
      Object.entries(curated.parameters).map(
        ([key, { fill: _fill, ...rest }]) => [key, rest],
      ),
    ),
    steps: curated.steps,
    statements,
  });
  return rendered(base, {
    kind: 'curated',
    name,
    description: curated.description,
    template,
    values,
    missing,
    caveats: curated.caveats ?? [],
  });
}

function rendered(
  base: Base,
  parts: {
    kind: RenderedRemediation['kind'];
    name: string;
    description: string;
    runbook?: string;
    template: Record<string, unknown>;
    values: Record<string, string>;
    missing: RenderedRemediation['missingParameters'];
    caveats: string[];
    source?: string;
  },
): RenderedRemediation {
  // Missing values are written empty, so a deploy fails on the parameter's
  // pattern instead of running against a guessed resource.
  const fileValues: Record<string, string> = { ...parts.values };
  for (const { name } of parts.missing) fileValues[name] = '';
  return {
    ...base,
    kind: parts.kind,
    name: parts.name,
    description: parts.description,
    runbook: parts.runbook,
    template: parts.template,
    templateYaml: templateYaml(parts.template),
    parameters: parts.values,
    missingParameters: parts.missing,
    parametersJson: renderParametersFile(fileValues),
    caveats: parts.caveats,
    source: parts.source,
  };
}

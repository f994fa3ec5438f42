import { getControl } from '@internal/plugin-securityhub-remediation-common';
import { repairFeedback } from '../../remediation/proposals/checkProposal';
import { remediationStackName } from '../../remediation/templates/stackName';
import type { ValidationProblem } from '../../remediation/validation';
import type { ChatToolInput } from './chatToolSchemas';
import { validationSummary } from './renderRemediationTool';
import { ToolFailure, type ToolContext, type ToolResult } from './toolTypes';

/** The pipeline deploys `deploy/<name>.yaml` as a stack: only a template will do. */
const NOT_A_TEMPLATE: ValidationProblem = {
  rule: 'not-a-template',
  path: '',
  severity: 'error',
  message:
    'must be a CloudFormation template (AWSTemplateFormatVersion / Resources); an Automation document goes inside an AWS::SSM::Document resource',
};

export const NO_MORE_ROUNDS =
  'no more validation rounds: the template could not be made valid';

/**
 * `validate_template`: one validation round of a model-written template.
 * Rounds are counted per toolbox (one answer); an invalid template comes back
 * as numbered feedback to repair, and only a valid one becomes a proposal —
 * carrying every round for audit.
 */
export async function validateTemplateTool(
  context: ToolContext,
  input: ChatToolInput<'validate_template'>,
): Promise<ToolResult> {
  const control = getControl(input.controlId);
  if (!control) {
    throw new ToolFailure(
      `"${input.controlId}" is not a Security Hub control this product knows (e.g. S3.5, EC2.19)`,
    );
  }
  if (context.validationRounds.length >= context.maxRepairRounds) {
    throw new ToolFailure(NO_MORE_ROUNDS);
  }
  const name = input.name ?? remediationStackName(control.id);
  const outcome = await context.engine.checkProposal({
    text: input.templateYaml,
    fileName: `${name}.yaml`,
    maxRounds: 1,
  });
  const report = outcome.rounds[outcome.rounds.length - 1].report;
  const summary = validationSummary(report);
  const problems =
    report.kind === 'automation-document'
      ? [NOT_A_TEMPLATE, ...summary.problems]
      : summary.problems;
  const valid = outcome.accepted && report.kind === 'template';
  const round = context.validationRounds.length + 1;
  context.validationRounds.push({ round, valid, problems });
  const roundsLeft = context.maxRepairRounds - round;

  if (!valid) {
    return {
      output: {
        valid: false,
        round,
        roundsLeft,
        feedback: repairFeedback(problems),
        instruction:
          roundsLeft > 0
            ? `Fix every numbered error and call validate_template again with the whole template (${roundsLeft} round(s) left).`
            : 'No rounds left: tell the user the template could not be made valid.',
      },
      summary: `round ${round}: invalid, ${
        problems.filter(p => p.severity === 'error').length
      } error(s), ${roundsLeft} round(s) left`,
      citations: [],
    };
  }
  return {
    output: {
      valid: true,
      round,
      name,
      warnings: problems.filter(p => p.severity === 'warning').length,
      note: 'The template passed validation and is shown to the user as a proposal.',
    },
    summary: `round ${round}: valid`,
    citations: [],
    proposal: {
      type: 'proposal',
      controlId: control.id,
      controlTitle: control.title,
      automationKind: 'model-written',
      name,
      templateYaml: outcome.accepted ? outcome.text : input.templateYaml,
      validation: { valid: true, kind: summary.kind, problems },
      rounds: context.validationRounds.map(r => ({ ...r })),
      caveats: [
        'Written by the assistant for a control without curated automation: review every resource and permission before you approve it.',
      ],
    },
  };
}

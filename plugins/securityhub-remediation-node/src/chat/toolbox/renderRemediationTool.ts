import type {
  AsffFinding,
  ChatCitation,
  ChatProposal,
} from '@internal/plugin-securityhub-remediation-common';
import {
  UnknownControlError,
  type RemediationAnswer,
} from '../../remediation/templates/renderRemediation';
import type { ValidationReport } from '../../remediation/validation';
import { untrusted } from '../untrusted';
import { truncateText } from './bounded';
import type { ChatToolInput } from './chatToolSchemas';
import { controlCitation } from './controlCitation';
import {
  readFindingInScope,
  ToolFailure,
  type ToolContext,
  type ToolResult,
} from './toolTypes';

/** The model reads the head of the template; the portal gets it whole in the proposal. */
const MAX_TEMPLATE_CHARS_FOR_MODEL = 3000;
const MAX_PROBLEMS = 50;

/**
 * `render_remediation`: what the product does about a control — an AWS
 * runbook, a curated automation, why it cannot be automated, or guidance —
 * with parameters filled from the finding (read as the user) when one is
 * named. Rendered templates are validated here so the portal shows the report.
 */
export async function renderRemediationTool(
  context: ToolContext,
  input: ChatToolInput<'render_remediation'>,
): Promise<ToolResult> {
  let finding: AsffFinding | undefined;
  if (input.findingId !== undefined) {
    finding = (await readFindingInScope(context, input.findingId)).raw;
  }
  let answer: RemediationAnswer;
  try {
    answer = context.engine.render({ controlId: input.controlId, finding });
  } catch (error) {
    if (error instanceof UnknownControlError)
      throw new ToolFailure(error.message);
    throw error;
  }
  const asrRunbook = context.engine.knowledge(answer.controlId)?.asrRunbook;
  const citations: ChatCitation[] = [];
  const control = controlCitation(answer.controlId);
  if (control) citations.push(control);
  const findingId = input.findingId;
  const asr = asrRunbook
    ? {
        asrRunbook: {
          name: asrRunbook,
          note: `Automated Security Response on AWS is deployed in this account; its runbook ${asrRunbook} also remediates ${answer.controlId}.`,
        },
      }
    : {};
  if (asrRunbook) {
    citations.push({
      type: 'citation',
      id: `runbook:${asrRunbook}`,
      title: `${asrRunbook} (Automated Security Response on AWS)`,
      source: 'aws-runbook',
      excerpt: `The Automated Security Response on AWS runbook mapped to ${answer.controlId}; it exists only where that solution is deployed.`,
    });
  }

  switch (answer.kind) {
    case 'aws-runbook':
    case 'curated': {
      const report = context.engine.validate(
        answer.templateYaml,
        `${answer.name}.yaml`,
      );
      const validation = validationSummary(report);
      if (answer.kind === 'aws-runbook' && answer.runbook) {
        citations.push({
          type: 'citation',
          id: `runbook:${answer.runbook}`,
          title: answer.runbook,
          ...(answer.source?.startsWith('https://')
            ? { url: answer.source }
            : {}),
          source: 'aws-runbook',
          excerpt: truncateText(answer.description, 4000),
        });
      } else {
        citations.push({
          type: 'citation',
          id: `curated:${answer.controlId}`,
          title: `Curated automation for ${answer.controlId}`,
          source: 'curated-library',
          excerpt: truncateText(answer.description, 4000),
        });
      }
      const proposal: ChatProposal = {
        type: 'proposal',
        controlId: answer.controlId,
        controlTitle: answer.controlTitle,
        automationKind: answer.kind,
        ...(findingId !== undefined ? { findingId } : {}),
        name: answer.name,
        description: answer.description,
        ...(answer.runbook ? { runbook: answer.runbook } : {}),
        templateYaml: answer.templateYaml,
        parametersJson: answer.parametersJson,
        missingParameters: answer.missingParameters,
        validation,
        caveats: answer.caveats,
      };
      return {
        output: {
          controlId: answer.controlId,
          controlTitle: answer.controlTitle,
          kind: answer.kind,
          ...(answer.runbook ? { runbook: answer.runbook } : {}),
          name: answer.name,
          description: answer.description,
          // Values come from the finding's resource: data, not instructions.
          parameters: Object.keys(answer.parameters).length
            ? untrusted(
                'parameters filled from the finding',
                JSON.stringify(answer.parameters),
              )
            : null,
          missingParameters: answer.missingParameters,
          caveats: answer.caveats,
          validation: {
            valid: validation.valid,
            kind: validation.kind,
            errors: validation.problems.filter(p => p.severity === 'error')
              .length,
            warnings: validation.problems.filter(p => p.severity === 'warning')
              .length,
          },
          templateYaml: truncateText(
            answer.templateYaml,
            MAX_TEMPLATE_CHARS_FOR_MODEL,
          ),
          ...asr,
        },
        summary: `${answer.controlId}: ${
          answer.kind === 'aws-runbook'
            ? `AWS runbook ${answer.runbook}`
            : 'curated automation'
        }, template ${validation.valid ? 'valid' : 'invalid'}${
          answer.missingParameters.length
            ? `, ${answer.missingParameters.length} parameter(s) to fill`
            : ''
        }`,
        citations,
        proposal,
      };
    }
    case 'cannot-automate': {
      citations.push({
        type: 'citation',
        id: `cannot-automate:${answer.controlId}`,
        title: `Why ${answer.controlId} cannot be automated`,
        ...(answer.source.startsWith('https://') ? { url: answer.source } : {}),
        source: 'cannot-automate',
        excerpt: truncateText(answer.reason, 4000),
      });
      return {
        output: {
          controlId: answer.controlId,
          controlTitle: answer.controlTitle,
          kind: answer.kind,
          reason: answer.reason,
          manualSteps: answer.manualSteps,
          ...asr,
        },
        summary: `${answer.controlId}: cannot be automated`,
        citations,
        proposal: {
          type: 'proposal',
          controlId: answer.controlId,
          controlTitle: answer.controlTitle,
          automationKind: 'cannot-automate',
          ...(findingId !== undefined ? { findingId } : {}),
          reason: answer.reason,
          manualSteps: [...answer.manualSteps],
        },
      };
    }
    case 'not-automated': {
      const guidance = answer.guidance;
      if (guidance) {
        citations.push({
          type: 'citation',
          id: `guidance:${answer.controlId}`,
          title: `Remediation guidance for ${answer.controlId}`,
          source: 'guidance',
          excerpt: truncateText(guidance.summary, 4000),
        });
      }
      return {
        output: {
          controlId: answer.controlId,
          controlTitle: answer.controlTitle,
          kind: answer.kind,
          guidance: guidance ?? null,
          note: 'No automation exists for this control yet. You may write a CloudFormation template for it and check it with validate_template.',
          ...asr,
        },
        summary: `${answer.controlId}: no automation yet${
          guidance ? ', guidance available' : ''
        }`,
        citations,
        proposal: {
          type: 'proposal',
          controlId: answer.controlId,
          controlTitle: answer.controlTitle,
          automationKind: 'not-automated',
          ...(findingId !== undefined ? { findingId } : {}),
          ...(guidance
            ? {
                description: guidance.summary,
                manualSteps: [...guidance.steps],
              }
            : {}),
        },
      };
    }
    default:
      throw new Error('unexpected remediation answer');
  }
}

/** The report as the portal's validation summary (problems capped). */
export function validationSummary(report: ValidationReport): {
  valid: boolean;
  kind: string;
  problems: ValidationReport['problems'];
} {
  return {
    valid: report.valid,
    kind: report.kind,
    problems: report.problems.slice(0, MAX_PROBLEMS).map(p => ({
      rule: p.rule,
      path: p.path,
      severity: p.severity,
      message: p.message,
    })),
  };
}

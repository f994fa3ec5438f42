import { createHash } from 'crypto';
import type {
  FindingDetail,
  RemediationPreview,
} from '@internal/plugin-securityhub-remediation-common';
import {
  changePreviewOf,
  remediationName,
  withDocumentName,
  withDeployManifest,
  type RemediationEngine,
} from '@internal/plugin-securityhub-remediation-node';

/** sha256 (hex) of what a reviewer saw: template and parameters file. */
export function templateHashOf(
  templateYaml: string,
  parametersJson: string,
): string {
  return createHash('sha256')
    .update(`${templateYaml}\n---\n${parametersJson}`)
    .digest('hex');
}

/** Why the finding's state rules out a remediation, if it does. */
function findingBlockedReason(finding: FindingDetail): string | undefined {
  if (!finding.controlId) {
    return 'This finding is not a Security Hub control finding; only control findings can be remediated here.';
  }
  if (finding.recordState === 'ARCHIVED') {
    return 'This finding is archived: Security Hub no longer evaluates it, so a fix could not be verified.';
  }
  if (finding.complianceStatus !== 'FAILED') {
    return `This finding is ${
      finding.complianceStatus ?? 'without a compliance status'
    }; only a FAILED control finding needs a remediation.`;
  }
  return undefined;
}

/**
 * What a remediation of the finding would be, from what the engine renders
 * now. `openRemediationId` is filled by the caller (it needs the store).
 */
export function previewOf(
  finding: FindingDetail,
  engine: RemediationEngine,
  deployAccountId?: string,
): RemediationPreview {
  const base: RemediationPreview = {
    findingId: finding.id,
    controlId: finding.controlId ?? '',
    controlTitle: finding.title,
    awsAccountId: finding.awsAccountId,
    region: finding.region,
    ...(finding.resourceId ? { resourceId: finding.resourceId } : {}),
    automationKind: 'not-automated',
  };
  const blocked = findingBlockedReason(finding);
  if (blocked || !finding.controlId) return { ...base, blockedReason: blocked };

  let answer;
  try {
    answer = engine.render({
      controlId: finding.controlId,
      finding: finding.raw,
    });
  } catch (error) {
    return {
      ...base,
      blockedReason: `Control ${finding.controlId} cannot be remediated here: ${
        (error as Error).message
      }`,
    };
  }
  const described = {
    ...base,
    controlId: answer.controlId,
    controlTitle: answer.controlTitle,
    automationKind: answer.kind,
  };
  if (answer.kind === 'cannot-automate') {
    return {
      ...described,
      reason: answer.reason,
      manualSteps: [...answer.manualSteps],
      blockedReason: `Control ${answer.controlId} cannot be fixed by automation: ${answer.reason}`,
    };
  }
  if (answer.kind === 'not-automated') {
    return {
      ...described,
      ...(answer.guidance
        ? {
            reason: answer.guidance.summary,
            manualSteps: [...answer.guidance.steps],
          }
        : {}),
      blockedReason: `There is no automated remediation for control ${answer.controlId} yet; follow the manual steps.`,
    };
  }

  const name = remediationName(
    answer.controlId,
    finding.awsAccountId,
    finding.resourceId ?? finding.id,
  );
  // A stack in the pipeline's own account; a StackSet into any other (the
  // pipeline deploys other accounts through StackSets). Locally: a stack.
  const placement = {
    accounts: [finding.awsAccountId],
    regions: [finding.region],
    deployment:
      deployAccountId && deployAccountId !== finding.awsAccountId
        ? ('stack-set' as const)
        : ('stack' as const),
  };
  const templateYaml = withDeployManifest(
    withDocumentName(answer.templateYaml, name),
    {
      findingId: finding.id,
      ...placement,
    },
  );
  const report = engine.validate(templateYaml, `${name}.yaml`);
  return {
    ...described,
    name,
    ...(answer.runbook ? { runbook: answer.runbook } : {}),
    templateYaml,
    parametersJson: answer.parametersJson,
    parameters: answer.parameters,
    missingParameters: answer.missingParameters,
    templateHash: templateHashOf(templateYaml, answer.parametersJson),
    validation: {
      valid: report.valid,
      kind: report.kind,
      problems: report.problems,
    },
    changePreview: changePreviewOf({
      name,
      templateYaml,
      ...placement,
      targets: finding.resources.map(r => ({ type: r.type, id: r.id })),
      ...(answer.runbook ? { runbook: answer.runbook } : {}),
    }),
    caveats: answer.caveats,
  };
}

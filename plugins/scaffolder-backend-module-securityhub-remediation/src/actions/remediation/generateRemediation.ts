import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  AUTOMATION_KINDS,
  type RemediationPreview,
} from '@internal/plugin-securityhub-remediation-common';
import {
  describeCallError,
  remediationsClientFor,
  type SecurityHubActionDeps,
} from '../onBehalfOfInitiator';
import { examples } from './generateRemediation.examples';
import { checkedFindingId, MAX_FINDING_ID_LENGTH } from '../inputs';

/**
 * Renders the remediation of one finding (template, parameters, validation,
 * change preview) as the user who runs the template. Nothing is stored.
 *
 * @public
 */
export function createGenerateRemediationAction(deps: SecurityHubActionDeps) {
  return createTemplateAction({
    id: 'securityhub:remediation:generate',
    description:
      'Renders the CloudFormation remediation of a Security Hub finding, with its parameters, validation report and change preview, as the user running the template. Fails with the reason when the finding cannot be remediated now (PASSED, archived, or a control that cannot be automated).',
    examples,
    // One read-only POST (preview stores nothing): a dry run shows real output.
    supportsDryRun: true,
    schema: {
      input: {
        findingId: z =>
          z
            .string()
            .min(1)
            .max(MAX_FINDING_ID_LENGTH)
            .regex(/\S/, 'must not be blank')
            .describe('The Security Hub finding id (usually its ARN)'),
      },
      output: {
        findingId: z => z.string().describe('The finding id'),
        controlId: z => z.string().describe('Control id such as `S3.5`'),
        controlTitle: z => z.string().describe('The control title'),
        awsAccountId: z => z.string().describe('Account of the finding'),
        region: z => z.string().describe('Region of the finding'),
        resourceId: z =>
          z.string().describe("The finding's resource; '' when none"),
        automationKind: z =>
          z
            .enum(AUTOMATION_KINDS)
            .describe('How the fix is automated: `aws-runbook`, `curated`, …'),
        name: z =>
          z
            .string()
            .describe(
              'Stack name; the files are `deploy/<name>.yaml` and `deploy/parameters/<name>-params.json`',
            ),
        templateYaml: z => z.string().describe('The CloudFormation template'),
        parametersJson: z => z.string().describe('The parameters file'),
        templateHash: z =>
          z
            .string()
            .describe(
              'sha256 (hex) of template and parameters: what securityhub:remediation:stage must name',
            ),
        valid: z => z.boolean().describe('Whether validation found no error'),
        validationProblems: z =>
          z
            .array(
              z.object({
                rule: z.string(),
                path: z.string(),
                severity: z.enum(['error', 'warning']),
                message: z.string(),
              }),
            )
            .describe('Validation errors and warnings'),
        changePreview: z =>
          z
            .object({
              stackName: z.string(),
              deployment: z.enum(['stack', 'stack-set']),
              accounts: z.array(z.string()),
              regions: z.array(z.string()),
              creates: z.array(
                z.object({ logicalId: z.string(), type: z.string() }),
              ),
              targets: z.array(z.object({ type: z.string(), id: z.string() })),
              iamActions: z.array(
                z.object({
                  action: z.string(),
                  resources: z.array(z.string()),
                }),
              ),
              documentName: z.string(),
            })
            .nullable()
            .describe(
              'What deploying it changes: stack, accounts, regions, resources, IAM actions, SSM document; null when the backend has none',
            ),
        missingParameters: z =>
          z
            .array(z.object({ name: z.string(), description: z.string() }))
            .describe('Parameters the finding did not fill'),
        runbook: z =>
          z.string().describe("The SSM document it runs; '' when none"),
        caveats: z => z.array(z.string()).describe('What to know before'),
        openRemediationId: z =>
          z
            .string()
            .describe(
              "The remediation of this finding already in flight; '' when none",
            ),
        blockedReason: z =>
          z
            .string()
            .describe(
              "Always '': when the finding cannot be remediated the action fails with the reason",
            ),
      },
    },
    async handler(ctx) {
      const findingId = checkedFindingId(ctx.input.findingId);
      const client = await remediationsClientFor(deps, ctx);

      let preview: RemediationPreview;
      try {
        preview = await client.preview(findingId, ctx.signal);
      } catch (error) {
        throw describeCallError(
          error,
          {
            doing: `generate the remediation of finding ${findingId}`,
            subject: `Finding ${findingId}`,
            permission: 'read this Security Hub finding',
          },
          ctx.signal,
        );
      }

      const blockedReason = blockedReasonOf(preview);
      if (blockedReason) {
        throw new Error(
          `Finding ${findingId} (${
            preview.controlId || 'no control'
          }) cannot be remediated: ${blockedReason}`,
        );
      }

      const problems = preview.validation?.problems ?? [];
      const errors = problems.filter(p => p.severity === 'error').length;
      ctx.logger.info(
        `Generated ${preview.automationKind} remediation ${preview.name} for ${
          preview.controlId
        } on ${preview.resourceId ?? 'the finding'} (account ${
          preview.awsAccountId
        }, ${preview.region}); template ${preview.templateHash}; ${
          preview.validation?.valid ? 'valid' : `not valid (${errors} error(s))`
        }, ${problems.length - errors} warning(s)`,
      );
      if (preview.missingParameters?.length) {
        ctx.logger.warn(
          `Parameters the finding did not fill: ${preview.missingParameters
            .map(p => p.name)
            .join(', ')}`,
        );
      }
      if (preview.openRemediationId) {
        ctx.logger.warn(
          `Finding ${findingId} already has remediation ${preview.openRemediationId} in flight: staging another one will be refused`,
        );
      }

      ctx.output('findingId', preview.findingId);
      ctx.output('controlId', preview.controlId);
      ctx.output('controlTitle', preview.controlTitle);
      ctx.output('awsAccountId', preview.awsAccountId);
      ctx.output('region', preview.region);
      ctx.output('resourceId', preview.resourceId ?? '');
      ctx.output('automationKind', preview.automationKind);
      ctx.output('name', preview.name ?? '');
      ctx.output('templateYaml', preview.templateYaml ?? '');
      ctx.output('parametersJson', preview.parametersJson ?? '');
      ctx.output('templateHash', preview.templateHash ?? '');
      ctx.output('valid', preview.validation?.valid ?? false);
      ctx.output('validationProblems', problems);
      ctx.output('changePreview', preview.changePreview ?? null);
      ctx.output('missingParameters', preview.missingParameters ?? []);
      ctx.output('runbook', preview.runbook ?? '');
      ctx.output('caveats', preview.caveats ?? []);
      ctx.output('openRemediationId', preview.openRemediationId ?? '');
      ctx.output('blockedReason', '');
    },
  });
}

/**
 * Why this preview cannot be staged: the backend's blockedReason, or, for a
 * preview without a template (a control nobody automated), its reason.
 */
export function blockedReasonOf(preview: RemediationPreview): string {
  if (preview.blockedReason) return preview.blockedReason;
  if (
    !preview.templateYaml ||
    !preview.templateHash ||
    preview.automationKind === 'cannot-automate' ||
    preview.automationKind === 'not-automated'
  ) {
    return (
      preview.reason ||
      `control ${preview.controlId} has no automated remediation`
    );
  }
  return '';
}

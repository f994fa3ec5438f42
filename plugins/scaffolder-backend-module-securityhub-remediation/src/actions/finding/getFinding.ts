import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  COMPLIANCE_STATUSES,
  RECORD_STATES,
  SECURITYHUB_REMEDIATION_PLUGIN_ID,
  SEVERITY_LABELS,
  WORKFLOW_STATUSES,
  type FindingDetail,
} from '@internal/plugin-securityhub-remediation-common';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { initiatorToken } from '../onBehalfOfInitiator';
import { checkedFindingId, MAX_FINDING_ID_LENGTH } from '../inputs';
import { examples } from './getFinding.examples';
import { findingUrl } from './findingUrl';

/** Longest slice of a non-JSON error body quoted in an error message. */
const MAX_ERROR_BODY_CHARS = 300;

/** One affected resource as the action outputs it. */
interface ResourceOutput {
  type: string;
  id: string;
  region: string;
}

/**
 * Reads one stored Security Hub finding for a template, as the user who runs
 * the template.
 *
 * @public
 */
export function createGetFindingAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  const { discovery, auth } = options;

  return createTemplateAction({
    id: 'securityhub:finding:get',
    description:
      'Reads a stored AWS Security Hub finding with the permissions of the user running the template, and outputs what a remediation needs: control, severity, status, account, region and resources.',
    examples,
    // A single GET with no side effects: running it in dry-run lets the
    // template editor preview real outputs and surface permission errors early.
    supportsDryRun: true,
    schema: {
      input: {
        findingId: z =>
          z
            .string()
            .min(1)
            .max(MAX_FINDING_ID_LENGTH)
            .regex(/\S/, 'must not be blank')
            .describe(
              'The Security Hub finding id (usually its ARN), as shown on the findings page',
            ),
      },
      output: {
        findingId: z => z.string().describe('The finding id'),
        title: z => z.string().describe('The finding title'),
        controlId: z =>
          z
            .string()
            .describe(
              'Security Hub control id such as `S3.5`; empty when the finding is not a control finding',
            ),
        severity: z => z.enum(SEVERITY_LABELS).describe('Severity label'),
        complianceStatus: z =>
          z
            .enum(COMPLIANCE_STATUSES)
            .or(z.literal(''))
            .describe('Compliance status; empty when the finding has none'),
        workflowStatus: z =>
          z.enum(WORKFLOW_STATUSES).describe('Security Hub workflow status'),
        recordState: z =>
          z.enum(RECORD_STATES).describe('Whether the finding is still active'),
        awsAccountId: z => z.string().describe('12-digit AWS account id'),
        region: z => z.string().describe('AWS region of the finding'),
        resourceType: z =>
          z
            .string()
            .describe(
              'ASFF type of the first resource, such as `AwsS3Bucket`; empty when the finding names none',
            ),
        resourceId: z =>
          z
            .string()
            .describe(
              'Id (usually ARN) of the first resource; empty when the finding names none',
            ),
        remediationUrl: z =>
          z
            .string()
            .describe(
              "Security Hub's remediation documentation; empty when the finding has none",
            ),
        resources: z =>
          z
            .array(
              z.object({
                type: z.string(),
                id: z.string(),
                region: z.string(),
              }),
            )
            .describe(
              "Every affected resource; a resource without its own region carries the finding's",
            ),
      },
    },
    async handler(ctx) {
      // Re-checked here because JSON-schema validation happens only when the
      // scaffolder runs a template, and it accepts padded ids that would 404.
      const findingId = checkedFindingId(ctx.input.findingId);
      const baseUrl = await discovery.getBaseUrl(
        SECURITYHUB_REMEDIATION_PLUGIN_ID,
      );
      const url = findingUrl(baseUrl, findingId);

      // Read on behalf of the initiator so the backend applies that user's
      // per-account permission scope, never the scaffolder's own identity.
      const token = await initiatorToken(auth, ctx);

      let response: Response;
      try {
        response = await fetch(url, {
          headers: {
            Accept: 'application/json',
            Authorization: `Bearer ${token}`,
          },
          signal: ctx.signal,
        });
      } catch (error) {
        if (ctx.signal?.aborted) throw error;
        throw new Error(
          `Could not reach the Security Hub findings API at ${baseUrl}: ${errorMessage(
            error,
          )}`,
        );
      }

      // Named errors: a dry-run then answers 404 / 403 with these messages
      // instead of 500, and a task fails with them.
      if (response.status === 404) {
        throw new NotFoundError(
          `Finding ${findingId} was not found or is not visible to you: check the id, or ask for read access to the findings of its AWS account`,
        );
      }
      if (response.status === 403) {
        throw new NotAllowedError(
          `You may not read Security Hub findings, so finding ${findingId} cannot be read: ask for the securityhub.finding.read permission`,
        );
      }
      if (!response.ok) {
        throw new Error(
          `Could not read finding ${findingId}: ${response.status} ${
            response.statusText
          }${await describeErrorBody(response)}`,
        );
      }

      let finding: FindingDetail;
      try {
        finding = (await response.json()) as FindingDetail;
      } catch (error) {
        // A proxy or a wrong discovery target answering 200 with a page.
        throw new Error(
          `The findings API at ${baseUrl} answered finding ${findingId} with invalid JSON: ${errorMessage(
            error,
          )}`,
        );
      }
      if (finding?.id !== findingId) {
        // Another route answered, or a proxy: never output it as the finding.
        throw new Error(
          `The findings API at ${baseUrl} answered finding ${findingId} with ${
            typeof finding?.id === 'string'
              ? `finding ${finding.id}`
              : 'something that is not a finding'
          }`,
        );
      }
      const resources: ResourceOutput[] = finding.resources.map(r => ({
        type: r.type,
        id: r.id,
        region: r.region ?? finding.region,
      }));

      ctx.logger.info(
        `Read finding ${finding.id}: ${finding.controlId ?? 'no control'}, ${
          finding.severity
        }, ${finding.complianceStatus ?? 'no compliance status'}, ${
          finding.workflowStatus
        }, ${finding.recordState}; account ${finding.awsAccountId}, region ${
          finding.region
        }; ${resources.length} resource(s), first ${
          finding.resourceType ?? 'none'
        } ${finding.resourceId ?? ''}`.trimEnd(),
      );

      // Nullable fields become '' so templates can test and interpolate them
      // without printing "null".
      ctx.output('findingId', finding.id);
      ctx.output('title', finding.title);
      ctx.output('controlId', finding.controlId ?? '');
      ctx.output('severity', finding.severity);
      ctx.output('complianceStatus', finding.complianceStatus ?? '');
      ctx.output('workflowStatus', finding.workflowStatus);
      ctx.output('recordState', finding.recordState);
      ctx.output('awsAccountId', finding.awsAccountId);
      ctx.output('region', finding.region);
      ctx.output('resourceType', finding.resourceType ?? '');
      ctx.output('resourceId', finding.resourceId ?? '');
      ctx.output('remediationUrl', finding.remediationUrl ?? '');
      ctx.output('resources', resources);
    },
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `: <message>` from a Backstage error body (`{ error: { message } }`) or raw text. */
async function describeErrorBody(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).trim();
  if (!text) return '';
  try {
    const body = JSON.parse(text);
    const message = body?.error?.message;
    if (typeof message === 'string' && message) return `: ${message}`;
  } catch {
    // Not JSON (a proxy's HTML page, for example): quote the start of it.
  }
  return `: ${text.slice(0, MAX_ERROR_BODY_CHARS)}`;
}

import {
  getControl,
  type FindingDetail,
} from '@internal/plugin-securityhub-remediation-common';
import { untrusted } from '../untrusted';
import { truncateText } from './bounded';
import type { ChatToolInput } from './chatToolSchemas';
import {
  readFindingInScope,
  type ToolContext,
  type ToolResult,
} from './toolTypes';

const MAX_TITLE_CHARS = 300;
const MAX_DESCRIPTION_CHARS = 2000;
const MAX_RESOURCES = 5;
const MAX_RESOURCES_JSON_CHARS = 4000;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * `read_finding`: a compact view of one finding the user may read. Anyone
 * who can import a finding writes its text, so every free-text field reaches
 * the model inside an untrusted block; only enums, the account id and a
 * catalog control id are given plainly.
 */
export async function readFindingTool(
  context: ToolContext,
  input: ChatToolInput<'read_finding'>,
): Promise<ToolResult> {
  const finding = await readFindingInScope(context, input.findingId);
  const control = finding.controlId ? getControl(finding.controlId) : undefined;
  return {
    output: findingView(finding),
    summary: [
      control?.id ?? 'no catalog control',
      finding.severity,
      finding.complianceStatus ?? 'no compliance status',
      finding.workflowStatus,
      control?.resourceType,
    ]
      .filter(Boolean)
      .join(' · '),
    citations: [
      {
        type: 'citation',
        id: `finding:${finding.id}`.slice(0, 512),
        // Not the finding's title: its text reaches no one unquoted.
        title: `Finding ${control ? `of ${control.id} ` : ''}in account ${
          finding.awsAccountId
        }`,
        source: 'finding',
        excerpt: [
          control ? `Control ${control.id}` : undefined,
          `Severity ${finding.severity}`,
          `Account ${finding.awsAccountId}`,
        ]
          .filter(Boolean)
          .join(' · '),
      },
    ],
  };
}

/** What the model reads of a finding (also used by the local agent's answer). */
export function findingView(finding: FindingDetail): Record<string, unknown> {
  const control = finding.controlId ? getControl(finding.controlId) : undefined;
  const details = new Map(
    finding.raw.Resources.map(r => [
      `${r.Type}\u0000${r.Id}`,
      (r as { Details?: unknown }).Details,
    ]),
  );
  const resources = finding.resources.slice(0, MAX_RESOURCES).map(r => ({
    type: r.type,
    id: r.id,
    region: r.region,
    tags: r.tags,
    details: details.get(`${r.type}\u0000${r.id}`),
  }));
  return {
    id: finding.id,
    title: untrusted(
      'finding title',
      truncateText(finding.title, MAX_TITLE_CHARS),
    ),
    description: untrusted(
      'finding description',
      truncateText(finding.description, MAX_DESCRIPTION_CHARS),
    ),
    controlId: control?.id ?? null,
    ...(finding.controlId && !control
      ? {
          unknownControlId: untrusted(
            'finding control id',
            truncateText(finding.controlId, 100),
          ),
        }
      : {}),
    severity: finding.severity,
    complianceStatus: finding.complianceStatus,
    workflowStatus: finding.workflowStatus,
    recordState: finding.recordState,
    awsAccountId: finding.awsAccountId,
    region: REGION.test(finding.region)
      ? finding.region
      : untrusted('finding region', truncateText(finding.region, 60)),
    resourceCount: finding.resources.length,
    resources: untrusted(
      'finding resources',
      truncateText(JSON.stringify(resources), MAX_RESOURCES_JSON_CHARS),
    ),
  };
}

import { listControls } from '@internal/plugin-securityhub-remediation-common';
import type { RemediationGuidance } from './types';

/** "ACM certificates should be tagged" → "ACM certificates". */
const TAGGED = /^(.+?) should be tagged$/i;

/**
 * The tagging controls (about 140, one per resource type) all fail for the
 * same reason — a resource lacks the tag keys the control's
 * `requiredTagKeys` parameter names (or has no tags at all when none are
 * set) — so their guidance is one text with the resource type filled in,
 * derived from the catalog rather than written per control.
 */
export function taggingGuidance(): Array<
  RemediationGuidance & { controlId: string }
> {
  const entries: Array<RemediationGuidance & { controlId: string }> = [];
  for (const control of listControls()) {
    const match = TAGGED.exec(control.title);
    if (!match) continue;
    const resources = match[1];
    entries.push({
      controlId: control.id,
      summary: `Tag the ${resources} with the tag keys your organization requires.`,
      steps: [
        `Check the control's requiredTagKeys parameter in Security Hub: without it, any user-defined tag passes; with it, every listed key must be present (tag keys are case-sensitive; aws: system tags do not count).`,
        `Add the missing tags to the ${resources} in their infrastructure code (CloudFormation/CDK/Terraform tags or a default-tags setting), so redeploys keep them.`,
        'For resources not managed as code, add the tags with Tag Editor in Resource Groups or the tag-resources API.',
        'Prevent new untagged resources: an AWS Organizations tag policy for the keys and values, and a service control policy that denies creation without the required tags.',
      ],
    });
  }
  return entries;
}

/** Where the remediations pages are mounted (see alpha.tsx). */
export const REMEDIATIONS_PATH = '/securityhub/remediations';

/** The timeline page of one remediation. */
export function remediationHref(id: string): string {
  return `${REMEDIATIONS_PATH}/${encodeURIComponent(id)}`;
}

/** Name of the scaffolder template that remediates a finding. */
export const REMEDIATE_TEMPLATE_NAME = 'securityhub-remediate-finding';

/**
 * The "Remediate finding" wizard with the finding filled in: its
 * `SecurityHubFindingPicker` field reads `findingId` from `?formData`.
 */
export function remediateWizardHref(findingId: string): string {
  const formData = encodeURIComponent(JSON.stringify({ findingId }));
  return `/create/templates/default/${REMEDIATE_TEMPLATE_NAME}?formData=${formData}`;
}

import type { RemediationPreview } from '@internal/plugin-securityhub-remediation-common';

/**
 * Why a previewed remediation cannot be submitted, or undefined when it can.
 * Only then does the review field take the template hash as its value.
 */
export function whyNotSubmittable(
  preview: RemediationPreview,
): string | undefined {
  if (preview.blockedReason) return preview.blockedReason;
  if (preview.openRemediationId) {
    return 'This finding already has a remediation in flight.';
  }
  if (!preview.templateHash || !preview.templateYaml) {
    return 'There is no template to deploy for this finding.';
  }
  if (!preview.validation) return 'The template was not validated.';
  if (!preview.validation.valid) {
    const errors = preview.validation.problems.filter(
      p => p.severity === 'error',
    ).length;
    return `The template does not validate (${errors} error${
      errors === 1 ? '' : 's'
    }).`;
  }
  return undefined;
}

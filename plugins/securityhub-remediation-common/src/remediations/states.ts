/**
 * A remediation's life, persisted at every step by the backend:
 *
 * generated → staged → validating → awaiting_approval → deploying → deployed
 *   → running → verifying → verified; rejected and failed end it early.
 */
export const REMEDIATION_STATUSES = [
  'generated',
  'staged',
  'validating',
  'awaiting_approval',
  'deploying',
  'deployed',
  'running',
  'verifying',
  'verified',
  'rejected',
  'failed',
] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

/** Statuses after which nothing more happens on its own. */
export const TERMINAL_REMEDIATION_STATUSES: readonly RemediationStatus[] = [
  'verified',
  'rejected',
  'failed',
];

export function isTerminalRemediationStatus(
  status: RemediationStatus,
): boolean {
  return TERMINAL_REMEDIATION_STATUSES.includes(status);
}

/** The timeline's stages, in order. */
export const REMEDIATION_STAGES = [
  'generate',
  'stage',
  'validate',
  'approval',
  'deploy',
  'run',
  'verify',
] as const;
export type RemediationStageName = (typeof REMEDIATION_STAGES)[number];

export const STAGE_STATUSES = [
  'pending',
  'in_progress',
  'succeeded',
  'failed',
  'rejected',
  'skipped',
] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

/** Which adapter did the work: `local` never touches AWS, and says so. */
export const DELIVERY_MODES = ['local', 'aws'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

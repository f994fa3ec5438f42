import type { RemediationGuidance } from './types';
import { IDENTITY_DATA_LOGGING_GUIDANCE } from './guidance/identityDataLogging';
import { STORAGE_COMPUTE_NETWORK_GUIDANCE } from './guidance/storageComputeNetwork';

const ALL_GUIDANCE = [
  ...STORAGE_COMPUTE_NETWORK_GUIDANCE,
  ...IDENTITY_DATA_LOGGING_GUIDANCE,
];

const BY_CONTROL = new Map<string, RemediationGuidance>(
  ALL_GUIDANCE.map(({ controlId, summary, steps }) => [
    controlId.toLowerCase(),
    { summary, steps },
  ]),
);

/** Control ids that have project guidance. @public */
export const GUIDANCE_CONTROL_IDS: readonly string[] = ALL_GUIDANCE.map(
  entry => entry.controlId,
);

/** The project's remediation guidance for a control, ignoring case. @public */
export function remediationGuidance(
  controlId: string,
): RemediationGuidance | undefined {
  return BY_CONTROL.get(controlId.trim().toLowerCase());
}

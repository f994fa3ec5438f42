import type { RemediationGuidance } from './types';
import { IDENTITY_DATA_LOGGING_GUIDANCE } from './guidance/identityDataLogging';
import { BALANCING_EDGE_COMPUTE_GUIDANCE } from './guidance/balancingEdgeCompute';
import { STORAGE_NETWORK_GUIDANCE } from './guidance/storageNetwork';
import { SERVICES_A_GUIDANCE } from './guidance/servicesA';
import { SERVICES_A2_GUIDANCE } from './guidance/servicesA2';
import { SERVICES_B_GUIDANCE } from './guidance/servicesB';
import { SERVICES_B2_GUIDANCE } from './guidance/servicesB2';
import { SERVICES_C_GUIDANCE } from './guidance/servicesC';
import { SERVICES_C2_GUIDANCE } from './guidance/servicesC2';
import { taggingGuidance } from './guidance/tagging';

const WRITTEN_GUIDANCE = [
  ...STORAGE_NETWORK_GUIDANCE,
  ...BALANCING_EDGE_COMPUTE_GUIDANCE,
  ...IDENTITY_DATA_LOGGING_GUIDANCE,
  ...SERVICES_A_GUIDANCE,
  ...SERVICES_A2_GUIDANCE,
  ...SERVICES_B_GUIDANCE,
  ...SERVICES_B2_GUIDANCE,
  ...SERVICES_C_GUIDANCE,
  ...SERVICES_C2_GUIDANCE,
];
const WRITTEN_IDS = new Set(WRITTEN_GUIDANCE.map(e => e.controlId));

/** Written guidance first; the shared tagging text only where none is written. */
const ALL_GUIDANCE = [
  ...WRITTEN_GUIDANCE,
  ...taggingGuidance().filter(e => !WRITTEN_IDS.has(e.controlId)),
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

import {
  getControl,
  type SecurityHubControl,
} from '@internal/plugin-securityhub-remediation-common';
import { awsRunbookFor } from './awsRunbooks';
import { cannotAutomateFor } from './cannotAutomate';
import { remediationGuidance } from './guidance';
import type {
  AwsRunbookRemediation,
  CannotAutomate,
  RemediationGuidance,
} from './types';

export type {
  AwsRunbookRemediation,
  CannotAutomate,
  RemediationGuidance,
  RunbookParameterValue,
} from './types';
export {
  AWS_RUNBOOK_REMEDIATIONS,
  awsRunbookFor,
  awsRunbookIamActions,
} from './awsRunbooks';
export { CANNOT_AUTOMATE, cannotAutomateFor } from './cannotAutomate';
export { GUIDANCE_CONTROL_IDS, remediationGuidance } from './guidance';
export {
  RESOURCE_DETAIL_FIELDS,
  RESOURCE_TYPES_WITH_NAME,
  resourceDetail,
  resourceIdentifier,
} from './resourceIdentifiers';

/** Everything the project knows about remediating one control. @public */
export interface ControlKnowledge {
  control: SecurityHubControl;
  awsRunbook?: AwsRunbookRemediation;
  /**
   * The Automated Security Response on AWS runbook (`ASR-*`) mapped to the
   * control; only when that solution is deployed in the account, since its
   * documents exist nowhere else.
   */
  asrRunbook?: string;
  cannotAutomate?: CannotAutomate;
  guidance?: RemediationGuidance;
}

/** Options of {@link knowledgeFor}. @public */
export interface KnowledgeOptions {
  /** Automated Security Response on AWS is deployed (config: `securityHubRemediation.remediation.asrDeployed`). */
  asrDeployed?: boolean;
}

/** Knowledge for a control id (any case); undefined if not in the catalog. @public */
export function knowledgeFor(
  controlId: string,
  options: KnowledgeOptions = {},
): ControlKnowledge | undefined {
  const control = getControl(controlId);
  if (!control) {
    return undefined;
  }
  const asrRunbook =
    options.asrDeployed && control.runbook?.startsWith('ASR-')
      ? control.runbook
      : undefined;
  return {
    control,
    awsRunbook: awsRunbookFor(control.id),
    asrRunbook,
    cannotAutomate: cannotAutomateFor(control.id),
    guidance: remediationGuidance(control.id),
  };
}

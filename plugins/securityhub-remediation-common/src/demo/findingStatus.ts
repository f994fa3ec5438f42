import type { SecurityHubControl } from '../catalog';
import type { ComplianceStatus, WorkflowStatus } from '../findings/constants';
import type { SeededRandom } from './random';

/**
 * About 3 % WARNING and 4 % NOT_AVAILABLE; the rest FAILED with the given
 * rate (per control, account and region) or PASSED.
 */
export function complianceOf(
  failRate: number,
  random: SeededRandom,
): ComplianceStatus {
  const draw = random.next();
  if (draw < 0.03) return 'WARNING';
  if (draw < 0.07) return 'NOT_AVAILABLE';
  return random.next() < failRate ? 'FAILED' : 'PASSED';
}

export function workflowOf(
  status: ComplianceStatus,
  random: SeededRandom,
): WorkflowStatus {
  // Security Hub resolves a finding by itself when its control check passes.
  if (status === 'PASSED') return 'RESOLVED';
  const draw = random.next();
  if (status === 'FAILED' && draw < 0.12) return 'SUPPRESSED';
  return draw < 0.34 ? 'NOTIFIED' : 'NEW';
}

/**
 * `Compliance.StatusReasons`: why a check could not run (WARNING,
 * NOT_AVAILABLE), and the reasons Security Hub gives for failed account-level
 * checks of Config.1 and CloudTrail.1.
 */
export function statusReasons(
  control: SecurityHubControl,
  status: ComplianceStatus,
  random: SeededRandom,
): Array<{ ReasonCode: string; Description: string }> | undefined {
  if (status === 'WARNING') {
    return [
      {
        ReasonCode: 'CONFIG_ACCESS_DENIED',
        Description:
          'AWS Config could not read the evaluation results of the rule, so the status is uncertain.',
      },
    ];
  }
  if (status === 'NOT_AVAILABLE') {
    return [
      random.pick([
        {
          ReasonCode: 'CONFIG_EVALUATIONS_EMPTY',
          Description:
            'AWS Config has not evaluated any resource for this rule yet.',
        },
        {
          ReasonCode: 'CONFIG_RETURNS_NOT_APPLICABLE',
          Description:
            'AWS Config reported the rule as not applicable to the resource.',
        },
        {
          ReasonCode: 'CONFIG_RULE_EVALUATION_ERROR',
          Description: 'The AWS Config rule failed to evaluate the resource.',
        },
      ]),
    ];
  }
  if (status !== 'FAILED') return undefined;
  if (control.id === 'Config.1') {
    return [
      random.next() < 0.5
        ? {
            ReasonCode: 'CONFIG_RECORDER_DISABLED',
            Description:
              'The AWS Config recorder is not recording in this Region.',
          }
        : {
            ReasonCode: 'CONFIG_RECORDER_MISSING_REQUIRED_RESOURCE_TYPES',
            Description:
              'The AWS Config recorder does not record all resource types that enabled controls need.',
          },
    ];
  }
  if (control.id === 'CloudTrail.1') {
    return [
      {
        ReasonCode: 'CLOUDTRAIL_MULTI_REGION_NOT_PRESENT',
        Description:
          'No multi-Region trail records read and write management events in this account.',
      },
    ];
  }
  return undefined;
}

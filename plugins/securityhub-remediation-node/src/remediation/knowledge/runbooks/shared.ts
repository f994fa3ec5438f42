import type { RunbookParameterValue } from '../types';

/** AWS Systems Manager Automation runbook reference. */
const RUNBOOK_REFERENCE =
  'https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/';

/** Address of a runbook's reference page from its page slug. */
export const runbookPage = (slug: string): string =>
  `${RUNBOOK_REFERENCE}${slug}.html`;

/** Every AWSConfigRemediation-* runbook lists these for its own execution. */
export const AUTOMATION_EXECUTION_ACTIONS = [
  'ssm:StartAutomationExecution',
  'ssm:GetAutomationExecution',
] as const;

export const ASSUME_ROLE: RunbookParameterValue = {
  from: 'automationAssumeRole',
};
export const RESOURCE_ID: RunbookParameterValue = { from: 'resourceId' };
export const RESOURCE_NAME: RunbookParameterValue = { from: 'resourceName' };
export const ACCOUNT_ID: RunbookParameterValue = { from: 'accountId' };

export const detail = (field: string): RunbookParameterValue => ({
  from: 'resourceDetail',
  field,
});

export const operatorInput = (description: string): RunbookParameterValue => ({
  from: 'operatorInput',
  description,
});

export const constant = (
  value: string | number | boolean | readonly string[],
): RunbookParameterValue => ({ value });

/** Runbook-specific actions plus the automation execution actions. */
export const iam = (...actions: string[]): readonly string[] => [
  ...actions,
  ...AUTOMATION_EXECUTION_ACTIONS,
];

import type {
  AgentActionGroup,
  FunctionDefinition,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { bedrockFunctionDefinitions } from '../toolbox/chatToolSchemas';

/** Name of the action group that carries the chat actions. */
export const CHAT_ACTION_GROUP_NAME = 'SecurityHubRemediationActions';

/** At most 200 characters (Bedrock's limit). */
export const CHAT_ACTION_GROUP_DESCRIPTION =
  'Security Hub remediation actions run by the portal as the user: find a control, read a finding, render a remediation, validate a CloudFormation template.';

/** The chat actions as Bedrock functions, from the toolbox's own zod schemas. */
export function chatActionGroupFunctions(): FunctionDefinition[] {
  return bedrockFunctionDefinitions().map(definition => ({
    name: definition.name,
    description: definition.description,
    parameters: Object.fromEntries(
      Object.entries(definition.parameters).map(([key, parameter]) => [
        key,
        {
          type: parameter.type,
          description: parameter.description,
          required: parameter.required,
        },
      ]),
    ),
  }));
}

/**
 * The action group as `InvokeInlineAgent` takes it and as
 * `agent/action-group.json` ships it for a named agent: return of control,
 * so the backend runs every action itself (as the user) — no Lambda.
 */
export function chatActionGroup(): AgentActionGroup {
  return {
    actionGroupName: CHAT_ACTION_GROUP_NAME,
    description: CHAT_ACTION_GROUP_DESCRIPTION,
    actionGroupExecutor: { customControl: 'RETURN_CONTROL' },
    functionSchema: { functions: chatActionGroupFunctions() },
  };
}

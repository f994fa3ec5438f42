import { chatActionGroup } from './chatActionGroup';

/** Path of the shipped action group, relative to this package. */
export const ACTION_GROUP_FILE = 'agent/action-group.json';

/**
 * The text of `agent/action-group.json`: the `CreateAgentActionGroup` input
 * for a named agent (the CLI adds `--agent-id` and `--agent-version`),
 * generated from the toolbox's schemas by `scripts/write-agent-files.ts`.
 */
export function actionGroupFileText(): string {
  return `${JSON.stringify(chatActionGroup(), null, 2)}\n`;
}

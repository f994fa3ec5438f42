/**
 * The actions the remediation agent may ask the backend to run, by name.
 * Nothing outside this list is ever executed; each action's input is
 * validated (zod, in the node package) and runs with the user's permissions.
 */
export const CHAT_TOOL_NAMES = [
  /** Ranked Security Hub controls for a text or a finding. */
  'find_control',
  /** One stored finding, read as the user (scoped by their permissions). */
  'read_finding',
  /** The remediation for a control (and a finding): AWS runbook, curated automation, or why it cannot be automated. */
  'render_remediation',
  /** Validates a model-written CloudFormation template; errors come back for repair. */
  'validate_template',
] as const;

export type ChatToolName = (typeof CHAT_TOOL_NAMES)[number];

export function isChatToolName(name: string): name is ChatToolName {
  return (CHAT_TOOL_NAMES as readonly string[]).includes(name);
}

/** Labels shown for each action in the portal. */
export const CHAT_TOOL_LABELS: Record<ChatToolName, string> = {
  find_control: 'Find the control',
  read_finding: 'Read the finding',
  render_remediation: 'Render the remediation',
  validate_template: 'Validate the template',
};

import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFile } from 'fs/promises';
import { UNTRUSTED_DATA_RULE } from '../untrusted';

/** Bedrock's bounds for an agent instruction. */
const MIN_INSTRUCTION_CHARS = 40;
const MAX_INSTRUCTION_CHARS = 20_000;

/** The shipped agent instruction (`agent/instruction.md` of this package). */
export function defaultAgentInstructionPath(): string {
  return resolvePackagePath(
    '@internal/plugin-securityhub-remediation-node',
    'agent/instruction.md',
  );
}

/**
 * The instruction an inline agent is sent: the shipped file or the
 * configured one, always stating the untrusted-data rule (added when a
 * custom file leaves it out).
 */
export async function readAgentInstruction(file?: string): Promise<string> {
  const text = (
    await readFile(file ?? defaultAgentInstructionPath(), 'utf8')
  ).trim();
  const instruction = text.includes(UNTRUSTED_DATA_RULE)
    ? text
    : `${text}\n\n${UNTRUSTED_DATA_RULE}`;
  if (instruction.length < MIN_INSTRUCTION_CHARS) {
    throw new Error(
      `The agent instruction must be at least ${MIN_INSTRUCTION_CHARS} characters`,
    );
  }
  if (instruction.length > MAX_INSTRUCTION_CHARS) {
    throw new Error(
      `The agent instruction must be at most ${MAX_INSTRUCTION_CHARS} characters (it has ${instruction.length})`,
    );
  }
  return instruction;
}

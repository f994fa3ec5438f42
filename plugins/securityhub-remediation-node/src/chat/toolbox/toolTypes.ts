import type {
  ChatCitation,
  ChatProposal,
  FindingDetail,
  ValidationSummary,
} from '@internal/plugin-securityhub-remediation-common';
import type { RemediationEngine } from '../../remediation/engine/RemediationEngine';

/** One validation round of a model-written template, kept for audit. */
export interface ValidationRoundRecord {
  round: number;
  valid: boolean;
  problems: ValidationSummary['problems'];
}

/** What the actions of one toolbox share: the engine, the user's reads, per-answer state. */
export interface ToolContext {
  engine: RemediationEngine;
  readFinding: (findingId: string) => Promise<FindingDetail | undefined>;
  maxRepairRounds: number;
  /** Validation rounds of model-written templates so far (this answer). */
  validationRounds: ValidationRoundRecord[];
}

/** What an action produced, before the toolbox turns it into a step. */
export interface ToolResult {
  /** For the model: bounded by the toolbox. */
  output: Record<string, unknown>;
  /** One line for the portal's step (no finding text). */
  summary: string;
  citations: ChatCitation[];
  proposal?: ChatProposal;
}

/** A failure the model may read (and act on): the step fails, nothing else leaks. */
export class ToolFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolFailure';
  }
}

/** The message every out-of-scope or unknown finding gets: no hint which it is. */
export const FINDING_NOT_FOUND = 'no finding with that id in your scope';

/** Reads a finding as the user, or fails the step without saying why. */
export async function readFindingInScope(
  context: ToolContext,
  findingId: string,
): Promise<FindingDetail> {
  let finding: FindingDetail | undefined;
  try {
    finding = await context.readFinding(findingId);
  } catch (error) {
    // A denied read looks exactly like a missing one.
    const name = (error as Error | undefined)?.name;
    if (name === 'NotAllowedError' || name === 'NotFoundError') {
      throw new ToolFailure(FINDING_NOT_FOUND);
    }
    throw error;
  }
  if (!finding) throw new ToolFailure(FINDING_NOT_FOUND);
  return finding;
}

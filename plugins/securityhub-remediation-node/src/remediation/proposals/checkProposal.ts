import type { ValidationProblem, ValidationReport } from '../validation';
import { validateRemediationFile } from '../validation';

/** Largest proposal accepted; a remediation template is a few KB. */
export const MAX_PROPOSAL_BYTES = 256 * 1024;

/** Rounds of validate → repair before giving up (the agent gets this many tries). */
export const DEFAULT_REPAIR_ROUNDS = 3;

export interface ProposalRound {
  round: number;
  text: string;
  report: ValidationReport;
}

export type ProposalOutcome =
  | {
      accepted: true;
      text: string;
      report: ValidationReport;
      rounds: ProposalRound[];
    }
  | { accepted: false; reason: string; rounds: ProposalRound[] };

/**
 * Asks for a corrected version of a proposal. `feedback` is the validator's
 * findings as plain text; the caller (the remediation agent) sends it back to
 * the model as data, together with the previous text.
 */
export type RepairProposal = (
  previous: string,
  feedback: string,
) => Promise<string>;

/** The validator's errors as one numbered list a model (or a person) can act on. */
export function repairFeedback(problems: ValidationProblem[]): string {
  const errors = problems.filter(p => p.severity === 'error');
  return errors
    .map(
      (p, i) =>
        `${i + 1}. [${p.rule}] at ${p.path || '(document)'}: ${p.message}`,
    )
    .join('\n');
}

function check(text: string, fileName: string): ValidationReport {
  if (Buffer.byteLength(text, 'utf8') > MAX_PROPOSAL_BYTES) {
    return {
      kind: 'unknown',
      valid: false,
      policy: [],
      problems: [
        {
          rule: 'proposal-size',
          path: '',
          severity: 'error',
          message: `the proposal is larger than ${
            MAX_PROPOSAL_BYTES / 1024
          } KiB; a remediation template is a few KiB`,
        },
      ],
    };
  }
  return validateRemediationFile(text, fileName);
}

/**
 * Runs an LLM-proposed template or Automation document through the same
 * validation as every other template, and while it fails, hands the errors
 * back for repair — at most `maxRounds` validations in all. Nothing is
 * accepted that did not pass; the rounds are returned for the audit trail.
 */
export async function checkProposal(options: {
  text: string;
  fileName: string;
  repair?: RepairProposal;
  maxRounds?: number;
}): Promise<ProposalOutcome> {
  const maxRounds = Math.max(1, options.maxRounds ?? DEFAULT_REPAIR_ROUNDS);
  const rounds: ProposalRound[] = [];
  let text = options.text;
  for (let round = 1; ; round++) {
    const report = check(text, options.fileName);
    rounds.push({ round, text, report });
    if (report.valid) return { accepted: true, text, report, rounds };
    if (!options.repair || round >= maxRounds) {
      return {
        accepted: false,
        reason: `still invalid after ${round} validation round${
          round > 1 ? 's' : ''
        }:\n${repairFeedback(report.problems)}`,
        rounds,
      };
    }
    text = await options.repair(text, repairFeedback(report.problems));
  }
}

import type {
  AgentEvent,
  ChatProposal,
  ChatQuestion,
} from '@internal/plugin-securityhub-remediation-common';
import {
  EXACT_CONTROL_ID_SCORE,
  type RetrievalEvidence,
} from '../../remediation/retrieval/ControlRetriever';
import {
  ChatAgentError,
  type AgentTurn,
  type ChatToolOutcome,
  type RemediationAgent,
} from '../RemediationAgent';
import { FINDING_NOT_FOUND } from '../toolbox/toolTypes';
import { answerMarkdown, type ControlMatch } from './answerMarkdown';
import { pause, textChunks } from './textChunks';
import { turnSubject, type TurnSubject } from './turnSubject';

/**
 * Two text matches are a close call when the second scores at least this
 * share of the first. Text scores are BM25 divided by the query's best score
 * (the best is always 0.99), so only the ratio means anything. At 0.9 the
 * catalog's sibling controls that one short message cannot tell apart (S3.2 /
 * S3.8 "bucket is public", CloudTrail.2 / CloudTrail.5 "cloudtrail logging")
 * are asked about, while a message that names its service and problem keeps
 * a clear winner (DMS.1 over RDS.2 at 0.89 for the README's DMS example; EC2.13
 * over EC2.54 at 0.88). An exact control id (score 1) is never a close call.
 */
export const CLOSE_CALL_RATIO = 0.9;

interface RankedForModel {
  controlId: string;
  title: string;
  score: number;
  evidence: RetrievalEvidence[];
}

/**
 * The embedded agent (no AWS, no model): it works out which control a
 * message is about, renders its remediation and explains it — every action
 * through the turn's toolbox, so its steps are the same the Bedrock agents
 * show. Finding text is only ever data here: the agent reads the control
 * ranking and the engine's answer, never instructions from a finding.
 *
 * Stopping: when `turn.signal` aborts, the agent returns (no error) at the
 * next step or chunk boundary; the backend records the answer as stopped.
 */
export class LocalRemediationAgent implements RemediationAgent {
  readonly kind = 'local' as const;
  readonly #chunkDelayMs: number;

  /**
   * The agent calls nothing itself: every action goes through the turn's
   * toolbox (built on the engine by the backend), so its steps are the
   * toolbox's.
   * @param options.chunkDelayMs - pause between text chunks (default 0).
   */
  constructor(options: { chunkDelayMs?: number } = {}) {
    this.#chunkDelayMs = Math.max(0, options.chunkDelayMs ?? 0);
  }

  async *respond(turn: AgentTurn): AsyncIterable<AgentEvent> {
    const { signal } = turn;
    if (signal.aborted) return;
    // Several actions cite the same source (the control): each is shown once.
    const cited = new Set<string>();
    const outcomeEvents = function* outcomeEvents(
      outcome: ChatToolOutcome,
    ): Iterable<AgentEvent> {
      yield outcome.step;
      for (const citation of outcome.citations) {
        if (cited.has(citation.id)) continue;
        cited.add(citation.id);
        yield citation;
      }
    };
    const subject = turnSubject(turn);
    if (subject.kind === 'unclear') {
      yield askForSubject(subject.reason);
      return;
    }

    const found = await turn.toolbox.execute(
      'find_control',
      findInput(subject),
    );
    if (signal.aborted) return;
    yield* outcomeEvents(found);
    if (found.step.status === 'failed') {
      if (found.step.error === FINDING_NOT_FOUND) {
        yield askForSubject('no-finding');
        return;
      }
      throw new ChatAgentError(
        `Could not look up the control: ${found.step.error}`,
        'upstream',
        true,
      );
    }
    const ranked = (found.output as { controls?: RankedForModel[] }).controls;
    const controls = ranked ?? [];
    const top = controls[0];
    if (!top) {
      yield askForSubject('no-match');
      return;
    }
    const second = controls[1];
    if (
      subject.kind !== 'control' &&
      top.score < EXACT_CONTROL_ID_SCORE &&
      second &&
      second.score >= top.score * CLOSE_CALL_RATIO
    ) {
      yield* this.#closeCall(top, second, signal);
      return;
    }

    const controlId =
      subject.kind === 'control' ? subject.controlId : top.controlId;
    // Parameters come from the finding only when the answer is about its control.
    const findingId =
      turn.finding &&
      (subject.kind === 'finding' ||
        turn.finding.controlId?.toLowerCase() === controlId.toLowerCase())
        ? turn.finding.id
        : undefined;
    const rendered = await turn.toolbox.execute('render_remediation', {
      controlId,
      ...(findingId ? { findingId } : {}),
    });
    if (signal.aborted) return;
    yield* outcomeEvents(rendered);
    if (rendered.step.status === 'failed' || !rendered.proposal) {
      throw new ChatAgentError(
        `Could not render the remediation of ${controlId}: ${
          rendered.step.error ?? 'no answer'
        }`,
        'upstream',
        true,
      );
    }
    const proposal: ChatProposal = rendered.proposal;
    yield proposal;

    const match: ControlMatch =
      subject.kind === 'control'
        ? { by: subject.why }
        : {
            by: subject.kind,
            evidence:
              controls.find(c => c.controlId === controlId)?.evidence ?? [],
          };
    const asr = (rendered.output as { asrRunbook?: { name?: string } })
      .asrRunbook?.name;
    const markdown = answerMarkdown({
      proposal,
      match,
      asrRunbook: asr,
      usedFinding: findingId !== undefined,
    });
    yield* this.#stream(markdown, signal);
  }

  /** Names both controls in text (so a reply "the second" finds them), then asks. */
  async *#closeCall(
    top: RankedForModel,
    second: RankedForModel,
    signal: AbortSignal,
  ): AsyncIterable<AgentEvent> {
    yield* this.#stream(
      `Two controls match about equally:\n\n1. **${top.controlId}** — ${top.title}\n2. **${second.controlId}** — ${second.title}\n`,
      signal,
    );
    if (signal.aborted) return;
    const question: ChatQuestion = {
      type: 'question',
      text: 'Which control do you mean? Pick one, or describe the finding in more detail.',
      options: [top, second].map(c => ({
        label: `${c.controlId} — ${c.title}`,
        value: c.controlId,
      })),
    };
    yield question;
  }

  async *#stream(
    markdown: string,
    signal: AbortSignal,
  ): AsyncIterable<AgentEvent> {
    const chunks = textChunks(markdown);
    for (const [i, text] of chunks.entries()) {
      if (signal.aborted) return;
      if (i > 0) await pause(this.#chunkDelayMs, signal);
      if (signal.aborted) return;
      yield { type: 'text', text };
    }
  }
}

function findInput(
  subject: Exclude<TurnSubject, { kind: 'unclear' }>,
): Record<string, unknown> {
  switch (subject.kind) {
    case 'control':
      return { text: subject.controlId, limit: 3 };
    case 'finding':
      return { findingId: subject.findingId, limit: 3 };
    default:
      return { text: subject.text, limit: 3 };
  }
}

const QUESTIONS: Record<
  'no-finding' | 'no-security-content' | 'no-match',
  string
> = {
  'no-finding':
    'Which finding do you mean? Open the chat from a finding, or tell me its control id (for example S3.5) or what it says.',
  'no-security-content':
    'Which finding or Security Hub control should I remediate? Give me a control id (for example S3.5 or EC2.19), or describe the problem (for example "S3 bucket allows public read").',
  'no-match':
    'I could not match that to a Security Hub control. Which control is it (for example S3.5 or EC2.19), or what does the finding say?',
};

function askForSubject(reason: keyof typeof QUESTIONS): ChatQuestion {
  return { type: 'question', text: QUESTIONS[reason] };
}

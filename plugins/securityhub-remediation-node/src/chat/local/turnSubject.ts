import { detectControlIds } from '../../remediation/retrieval/controlIdDetection';
import type { AgentTurn } from '../RemediationAgent';

/**
 * What a turn is about, decided from the message, the conversation's finding
 * and the agent's own earlier question — never from text inside a finding.
 */
export type TurnSubject =
  /** The user named the control (or picked it from the agent's question). */
  | { kind: 'control'; controlId: string; why: 'named' | 'history' }
  /** The finding the conversation is about. */
  | { kind: 'finding'; findingId: string }
  /** The user's own words, to rank controls by. */
  | { kind: 'text'; text: string }
  /** Nothing to go on: ask. */
  | { kind: 'unclear'; reason: 'no-finding' | 'no-security-content' };

/**
 * Words of a request that say nothing about which control: "generate an
 * automation for remediating the finding" has none left once they are gone.
 */
const REQUEST_WORDS = new Set(
  (
    "a an the this that these those it its it's my our your their me us i we you " +
    'please pls help can could would will shall do does did how what why which where when who ' +
    'is are was were be been being there here to of for on in at by with and or but so then now ' +
    'generate create write make produce build give show tell explain need want get send ' +
    'fix fixing fixed remediate remediating remediated remediation remediations resolve resolving ' +
    'automation automations automate automated automating template templates runbook ' +
    'finding findings issue issues problem problems alert alerts thing stuff one ' +
    'about regarding again also just some any hi hello hey thanks thank ok okay yes no sure'
  ).split(/\s+/),
);

/** The message speaks of a finding without saying which ("the finding", "this finding"). */
const REFERS_TO_A_FINDING = /\b(?:the|this|that|my|our)\s+findings?\b/i;

const ORDINALS: Record<string, number> = {
  '1': 0,
  first: 0,
  '1st': 0,
  '2': 1,
  second: 1,
  '2nd': 1,
  '3': 2,
  third: 2,
  '3rd': 2,
};

/** The words of a message that could name a security problem. */
export function securityContentWords(message: string): string[] {
  return (
    (message.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'._-]*/gu) ?? [])
      .map(word => word.replace(/[._'-]+$/, ''))
      // a lone digit may be a pick ("option 2"); other single letters say nothing
      .filter(
        word =>
          (word.length > 1 || /\d/.test(word)) && !REQUEST_WORDS.has(word),
      )
  );
}

/**
 * The subject of a turn, in order of precedence: a control id the user wrote;
 * a pick from the agent's previous question (by ordinal, or a bare follow-up
 * to an answer about one control); the conversation's finding; the message's
 * own words. A message that only speaks of "the finding" without one in
 * context, or that has no security content, is unclear.
 */
export function turnSubject(
  turn: Pick<AgentTurn, 'message' | 'history' | 'finding'>,
): TurnSubject {
  const named = detectControlIds(turn.message);
  if (named.length > 0) {
    return { kind: 'control', controlId: named[0].controlId, why: 'named' };
  }
  const content = securityContentWords(turn.message);
  if (content.length === 0 || isOrdinalReply(content)) {
    const fromHistory = controlFromHistory(turn.history, content);
    if (fromHistory) {
      return { kind: 'control', controlId: fromHistory, why: 'history' };
    }
  }
  if (turn.finding) return { kind: 'finding', findingId: turn.finding.id };
  if (content.length === 0) {
    return {
      kind: 'unclear',
      reason: REFERS_TO_A_FINDING.test(turn.message)
        ? 'no-finding'
        : 'no-security-content',
    };
  }
  return { kind: 'text', text: turn.message };
}

function isOrdinalReply(content: string[]): boolean {
  return (
    content.length <= 2 &&
    content.some(word => word in ORDINALS) &&
    content.every(word => word in ORDINALS || word === 'option')
  );
}

/**
 * The control the last assistant message was about: the one picked by
 * ordinal among the controls it offered, or the only control it named.
 */
function controlFromHistory(
  history: AgentTurn['history'],
  content: string[],
): string | undefined {
  const last = [...history].reverse().find(m => m.role === 'assistant');
  if (!last) return undefined;
  const offered = detectControlIds(last.text).map(d => d.controlId);
  const ordinal = content.find(word => word in ORDINALS);
  if (ordinal !== undefined) return offered[ORDINALS[ordinal]];
  return offered.length === 1 ? offered[0] : undefined;
}

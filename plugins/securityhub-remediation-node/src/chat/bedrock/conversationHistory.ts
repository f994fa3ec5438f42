import type { ConversationHistory } from '@aws-sdk/client-bedrock-agent-runtime';
import type { AgentTurn } from '../RemediationAgent';
import { untrusted } from '../untrusted';

/**
 * A session idle for this share of its timeout is treated as gone: Bedrock
 * may already have deleted it, and re-sending the history a little early
 * costs less than answering without it.
 */
export const SESSION_EXPIRY_MARGIN = 0.9;

/** Each earlier message is cut to this many characters. */
const MAX_MESSAGE_CHARS = 4000;

function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS
    ? `${text.slice(0, MAX_MESSAGE_CHARS)}…`
    : text;
}

/**
 * The conversation's earlier messages for `sessionState.conversationHistory`,
 * only when Bedrock's session has idled past its timeout (it keeps the
 * history itself while the session lives, and re-sending it then would
 * repeat it). The user's messages stay quoted as untrusted data.
 */
export function expiredSessionHistory(
  turn: Pick<AgentTurn, 'history'>,
  idleSessionTtlInSeconds: number,
  now: number = Date.now(),
): ConversationHistory | undefined {
  const last = turn.history[turn.history.length - 1];
  const lastAt = last?.at ? Date.parse(last.at) : NaN;
  if (Number.isNaN(lastAt)) return undefined;
  const idleMs = now - lastAt;
  if (idleMs < idleSessionTtlInSeconds * 1000 * SESSION_EXPIRY_MARGIN) {
    return undefined;
  }
  return {
    messages: turn.history.map(message => ({
      role: message.role,
      content: [
        {
          text:
            message.role === 'user'
              ? untrusted('earlier-user-message', clip(message.text))
              : clip(message.text),
        },
      ],
    })),
  };
}

import type {
  ChatCitation,
  ChatError,
  ChatEvent,
  ChatMessage,
  ChatProposal,
  ChatQuestion,
  ChatToolStep,
} from '@internal/plugin-securityhub-remediation-common';

/** A piece of an answer, in the order it streamed. */
export type AnswerPart =
  | { kind: 'text'; text: string }
  | { kind: 'tools'; steps: ChatToolStep[] }
  | { kind: 'proposal'; proposal: ChatProposal }
  | { kind: 'question'; question: ChatQuestion };

export interface UserTurn {
  role: 'user';
  id: string;
  text: string;
}

export interface AssistantTurn {
  role: 'assistant';
  id: string;
  status: 'streaming' | 'complete' | 'stopped' | 'error';
  parts: AnswerPart[];
  /** Each source once, in the order first cited. */
  citations: ChatCitation[];
  error?: Pick<ChatError, 'message' | 'retryable'>;
  /** Which agent answered (from the `start` event). */
  agent?: string;
}

export type ChatTurn = UserTurn | AssistantTurn;

export function streamingTurn(id: string): AssistantTurn {
  return {
    role: 'assistant',
    id,
    status: 'streaming',
    parts: [],
    citations: [],
  };
}

/**
 * The answer with one more event applied. Consecutive text chunks join into
 * one markdown part and consecutive tool steps into one group, so an answer
 * that interleaves them keeps its order.
 */
export function applyChatEvent(
  turn: AssistantTurn,
  event: ChatEvent,
): AssistantTurn {
  switch (event.type) {
    case 'start':
      return { ...turn, agent: event.agent };
    case 'text': {
      const last = turn.parts[turn.parts.length - 1];
      if (last?.kind === 'text') {
        return {
          ...turn,
          parts: [
            ...turn.parts.slice(0, -1),
            { kind: 'text', text: last.text + event.text },
          ],
        };
      }
      return {
        ...turn,
        parts: [...turn.parts, { kind: 'text', text: event.text }],
      };
    }
    case 'tool':
      return { ...turn, parts: withToolStep(turn.parts, event) };
    case 'proposal':
      return {
        ...turn,
        parts: [...turn.parts, { kind: 'proposal', proposal: event }],
      };
    case 'question':
      return {
        ...turn,
        parts: [...turn.parts, { kind: 'question', question: event }],
      };
    case 'citation':
      return turn.citations.some(c => c.id === event.id)
        ? turn
        : { ...turn, citations: [...turn.citations, event] };
    case 'error':
      return {
        ...turn,
        status: 'error',
        error: { message: event.message, retryable: event.retryable },
      };
    case 'done':
      return {
        ...turn,
        status: event.stopReason === 'stopped' ? 'stopped' : 'complete',
      };
    default:
      return turn;
  }
}

function withToolStep(parts: AnswerPart[], step: ChatToolStep): AnswerPart[] {
  // A step reported again (e.g. its result after its start) replaces itself.
  const index = parts.findIndex(
    part => part.kind === 'tools' && part.steps.some(s => s.id === step.id),
  );
  if (index >= 0) {
    return parts.map((part, i) =>
      i === index && part.kind === 'tools'
        ? {
            kind: 'tools',
            steps: part.steps.map(s => (s.id === step.id ? step : s)),
          }
        : part,
    );
  }
  const last = parts[parts.length - 1];
  if (last?.kind === 'tools') {
    return [
      ...parts.slice(0, -1),
      { kind: 'tools', steps: [...last.steps, step] },
    ];
  }
  return [...parts, { kind: 'tools', steps: [step] }];
}

/** The turns of a stored conversation, as they were shown when streamed. */
export function turnsOfMessages(messages: ChatMessage[]): ChatTurn[] {
  return messages.map((message): ChatTurn => {
    if (message.role === 'user') {
      return { role: 'user', id: message.id, text: message.text };
    }
    let turn = streamingTurn(message.id);
    for (const event of message.events) turn = applyChatEvent(turn, event);
    if (!turn.parts.some(part => part.kind === 'text') && message.text) {
      turn = {
        ...turn,
        parts: [{ kind: 'text', text: message.text }, ...turn.parts],
      };
    }
    if (message.status === 'error' && !turn.error) {
      turn = {
        ...turn,
        error: { message: 'This answer failed.', retryable: false },
      };
    }
    return { ...turn, status: message.status };
  });
}

/** The text of the last question the user asked (what Retry sends again). */
export function lastUserText(turns: ChatTurn[]): string | undefined {
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i];
    if (turn.role === 'user') return turn.text;
  }
  return undefined;
}

import type {
  AgentEvent,
  ChatCitation,
  ChatProposal,
  ChatToolName,
  ChatToolStep,
  FindingDetail,
} from '@internal/plugin-securityhub-remediation-common';

/** Which adapter answers. */
export type RemediationAgentKind =
  | 'local'
  | 'bedrock-agent'
  | 'bedrock-inline-agent';

/** What an action returned, for the agent and for the portal. */
export interface ChatToolOutcome {
  /** The step as the portal shows it (name, input, result summary, duration). */
  step: ChatToolStep;
  /** What the model reads back (JSON-serialisable; finding text inside is marked untrusted). */
  output: unknown;
  /** Sources the output rests on. */
  citations: ChatCitation[];
  /** A remediation the action produced (rendered, or a model-written template that passed validation). */
  proposal?: ChatProposal;
}

/**
 * The allowed actions, bound to one user and one answer. Every call is
 * checked: an unknown name or an invalid input fails the step (the agent sees
 * the error), never runs anything. Reads are scoped by the user's permissions.
 */
export interface ChatToolbox {
  execute(name: string, input: unknown): Promise<ChatToolOutcome>;
  /** Names the agent may call (the action group's functions). */
  readonly names: readonly ChatToolName[];
}

/** One turn of a conversation, as an agent receives it. */
export interface AgentTurn {
  conversationId: string;
  /** Stable for the conversation (Bedrock `sessionId`). */
  sessionId: string;
  /** The user's message: untrusted text. */
  message: string;
  /** Earlier turns, oldest first (text only). */
  history: ReadonlyArray<{
    role: 'user' | 'assistant';
    text: string;
    /** When the message was stored (ISO 8601); tells an agent whether its upstream session can still hold it. */
    at?: string;
  }>;
  /** The finding the conversation is about, already read with the user's permissions. */
  finding?: FindingDetail;
  toolbox: ChatToolbox;
  /** Aborted when the client disconnects or presses stop: the upstream call is cancelled. */
  signal: AbortSignal;
}

/**
 * Port: answers a SecOps engineer's message as a stream of events (text
 * chunks, citations, tool steps, proposals, questions). Errors are thrown as
 * {@link ChatAgentError}; the backend turns them into the stream's `error` event.
 */
export interface RemediationAgent {
  readonly kind: RemediationAgentKind;
  respond(turn: AgentTurn): AsyncIterable<AgentEvent>;
}

/** A failure the user can understand, and whether retrying may help. */
export class ChatAgentError extends Error {
  constructor(
    message: string,
    readonly code: 'throttled' | 'upstream' | 'timeout' | 'bad-request',
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChatAgentError';
  }
}

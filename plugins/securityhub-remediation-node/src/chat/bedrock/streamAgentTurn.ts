import type {
  ConversationHistory,
  InlineAgentResponseStream,
  InvocationInputMember,
  InvocationResultMember,
  ResponseStream,
  SessionState,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type {
  AgentEvent,
  ChatCitation,
} from '@internal/plugin-securityhub-remediation-common';
import { ChatAgentError, type AgentTurn } from '../RemediationAgent';
import { bedrockErrorFor, toChatAgentError } from './bedrockErrors';
import { expiredSessionHistory } from './conversationHistory';
import { knowledgeBaseCitations } from './knowledgeBaseCitations';
import { TraceSteps } from './traceSteps';
import { promptSessionAttributes, turnInputText } from './turnInput';

/** One event of `InvokeAgent` / `InvokeInlineAgent`'s `completion` stream. */
export type AgentStreamEvent = ResponseStream | InlineAgentResponseStream;

/** What one invocation sends: the turn's input, or the results of the actions Bedrock handed back. */
export type BedrockInvocationRequest =
  | {
      kind: 'start';
      inputText: string;
      promptSessionAttributes: Record<string, string>;
      /** Earlier messages, when the Bedrock session has expired since the last one. */
      conversationHistory?: ConversationHistory;
    }
  | {
      kind: 'resume';
      invocationId: string;
      results: InvocationResultMember[];
    };

/**
 * What both invoke calls send for a request: the input text of a new turn
 * (`inputText`) and the session state (`sessionState` of `InvokeAgent`,
 * `inlineSessionState` of `InvokeInlineAgent`, which share these fields).
 */
export function invocationFields(request: BedrockInvocationRequest): {
  inputText?: string;
  sessionState: Pick<
    SessionState,
    | 'promptSessionAttributes'
    | 'conversationHistory'
    | 'invocationId'
    | 'returnControlInvocationResults'
  >;
} {
  if (request.kind === 'resume') {
    return {
      sessionState: {
        invocationId: request.invocationId,
        returnControlInvocationResults: request.results,
      },
    };
  }
  return {
    inputText: request.inputText,
    sessionState: {
      promptSessionAttributes: request.promptSessionAttributes,
      ...(request.conversationHistory && {
        conversationHistory: request.conversationHistory,
      }),
    },
  };
}

/** Sends one invocation (same session) and returns its `completion`. */
export type InvokeBedrockAgent = (
  request: BedrockInvocationRequest,
  signal: AbortSignal,
) => Promise<AsyncIterable<AgentStreamEvent> | undefined>;

export interface StreamAgentTurnOptions {
  turn: AgentTurn;
  invoke: InvokeBedrockAgent;
  /** Return-of-control rounds per turn before the answer is given up. */
  maxReturnControlRounds: number;
  /** How long Bedrock keeps an idle session of this agent. */
  idleSessionTtlInSeconds: number;
}

/** Keys of the stream union that carry content; anything else ending in `Exception` is an error. */
const CONTENT_MEMBERS = new Set(['chunk', 'trace', 'returnControl', 'files']);

/**
 * Runs one turn against a Bedrock agent (named or inline; they share the
 * stream format): text chunks and their knowledge base citations, traces as
 * steps, and return of control — each action the model asks for runs in
 * the backend through the turn's toolbox (validated, as the user), its step,
 * citations and proposal go to the portal, and its output goes back to the
 * model in the next invocation of the same session, until the model answers
 * or the round limit is reached. Ends quietly when the turn is aborted.
 */
export async function* streamAgentTurn(
  options: StreamAgentTurnOptions,
): AsyncGenerator<AgentEvent, void, undefined> {
  const { turn, invoke, maxReturnControlRounds } = options;
  const conversationHistory = expiredSessionHistory(
    turn,
    options.idleSessionTtlInSeconds,
  );
  const traces = new TraceSteps();
  const citedIds = new Set<string>();
  const cite = (citations: ChatCitation[]) =>
    citations.filter(citation => {
      if (citedIds.has(citation.id)) return false;
      citedIds.add(citation.id);
      return true;
    });

  let request: BedrockInvocationRequest = {
    kind: 'start',
    inputText: turnInputText(turn),
    promptSessionAttributes: promptSessionAttributes(turn),
    ...(conversationHistory && { conversationHistory }),
  };
  for (let round = 0; ; round++) {
    if (turn.signal.aborted) return;
    let returnControl: ResponseStream['returnControl'];
    try {
      const completion = await invoke(request, turn.signal);
      const decoder = new TextDecoder();
      for await (const event of completion ?? []) {
        if (turn.signal.aborted) return;
        if (event.chunk) {
          const text = decoder.decode(event.chunk.bytes ?? new Uint8Array(), {
            stream: true,
          });
          if (text) yield { type: 'text', text };
          yield* cite(knowledgeBaseCitations(event.chunk.attribution));
        } else if (event.trace) {
          yield* traces.from(event.trace.trace);
        } else if (event.returnControl) {
          if (returnControl) {
            throw new ChatAgentError(
              'The Bedrock agent asked for actions twice in one response.',
              'upstream',
              false,
            );
          }
          returnControl = event.returnControl;
        } else {
          throwIfException(event);
        }
      }
      const rest = decoder.decode();
      if (rest) yield { type: 'text', text: rest };
    } catch (error) {
      if (turn.signal.aborted) return;
      throw toChatAgentError(error);
    }

    if (!returnControl) return;
    if (round >= maxReturnControlRounds) {
      throw new ChatAgentError(
        `The agent needed more than ${maxReturnControlRounds} rounds of actions for one answer; ask a narrower question.`,
        'upstream',
        false,
      );
    }
    if (!returnControl.invocationId) {
      throw new ChatAgentError(
        'The Bedrock agent asked for actions without an invocation id.',
        'upstream',
        false,
      );
    }
    const results: InvocationResultMember[] = [];
    for (const input of returnControl.invocationInputs ?? []) {
      if (turn.signal.aborted) return;
      const call = input.functionInvocationInput;
      if (!call) {
        results.push(unsupportedApiResult(input));
        continue;
      }
      const parameters = Object.fromEntries(
        (call.parameters ?? []).map(parameter => [
          parameter.name ?? '',
          parameter.value,
        ]),
      );
      const outcome = await turn.toolbox.execute(
        call.function ?? '',
        parameters,
      );
      yield outcome.step;
      yield* cite(outcome.citations);
      if (outcome.proposal) yield outcome.proposal;
      results.push({
        functionResult: {
          actionGroup: call.actionGroup,
          function: call.function,
          responseBody: { TEXT: { body: JSON.stringify(outcome.output) } },
          // REPROMPT hands the error to the model so it can repair the call;
          // FAILURE would end the session with a dependency failure instead.
          ...(outcome.step.status === 'failed' && {
            responseState: 'REPROMPT' as const,
          }),
        },
      });
    }
    request = {
      kind: 'resume',
      invocationId: returnControl.invocationId,
      results,
    };
  }
}

/** An exception member of the stream (the SDK throws most; a mocked or future one may arrive as an event). */
function throwIfException(event: AgentStreamEvent): void {
  for (const [member, value] of Object.entries(event as object)) {
    if (CONTENT_MEMBERS.has(member) || value === undefined) continue;
    const error = bedrockErrorFor(member);
    if (error) throw error;
  }
}

/**
 * The action group is declared with a function schema only, so an API-style
 * call has no handler: the model is told, and may go on without it.
 */
function unsupportedApiResult(
  input: InvocationInputMember,
): InvocationResultMember {
  const api = input.apiInvocationInput;
  return {
    apiResult: {
      actionGroup: api?.actionGroup ?? '',
      apiPath: api?.apiPath,
      httpMethod: api?.httpMethod,
      httpStatusCode: 400,
      responseBody: {
        TEXT: {
          body: JSON.stringify({
            error: 'Only the functions of the action group can be called.',
          }),
        },
      },
      responseState: 'REPROMPT',
    },
  };
}

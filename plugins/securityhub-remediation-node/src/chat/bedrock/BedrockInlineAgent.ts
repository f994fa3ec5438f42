import {
  InvokeInlineAgentCommand,
  type BedrockAgentRuntimeClient,
  type InvokeInlineAgentCommandInput,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { AgentEvent } from '@internal/plugin-securityhub-remediation-common';
import type { AgentTurn, RemediationAgent } from '../RemediationAgent';
import { chatActionGroup } from './chatActionGroup';
import { bedrockSessionId } from './sessionId';
import {
  invocationFields,
  streamAgentTurn,
  type BedrockInvocationRequest,
} from './streamAgentTurn';

/** Options of {@link BedrockInlineAgent}. */
export interface BedrockInlineAgentOptions {
  client: BedrockAgentRuntimeClient;
  /** Model id or inference profile, e.g. `anthropic.claude-3-5-sonnet-20240620-v1:0`. */
  foundationModel: string;
  /** The agent instruction (`agent/instruction.md` by default; see `readAgentInstruction`). */
  instruction: string;
  /** A knowledge base the agent may search (`bedrock:Retrieve`). */
  knowledgeBase?: { knowledgeBaseId: string; description: string };
  /** How long Bedrock keeps an idle conversation's session (default 1800 s). */
  idleSessionTtlInSeconds?: number;
  /** Return-of-control rounds per answer (default 13). */
  maxReturnControlRounds?: number;
}

const DEFAULT_INLINE_SESSION_TTL = 1800;

/**
 * A Bedrock agent defined per request (`InvokeInlineAgent`): model,
 * instruction, the RETURN_CONTROL action group and the knowledge base are
 * sent with every invocation — nothing is set up in the console.
 */
export class BedrockInlineAgent implements RemediationAgent {
  readonly kind = 'bedrock-inline-agent' as const;
  readonly #options: BedrockInlineAgentOptions;

  constructor(options: BedrockInlineAgentOptions) {
    this.#options = options;
  }

  respond(turn: AgentTurn): AsyncIterable<AgentEvent> {
    const { client, foundationModel, instruction, knowledgeBase } =
      this.#options;
    const idleSessionTtlInSeconds =
      this.#options.idleSessionTtlInSeconds ?? DEFAULT_INLINE_SESSION_TTL;
    const invoke = async (
      request: BedrockInvocationRequest,
      signal: AbortSignal,
    ) => {
      const input: InvokeInlineAgentCommandInput = {
        foundationModel,
        instruction,
        sessionId: bedrockSessionId(turn.sessionId),
        actionGroups: [chatActionGroup()],
        ...(knowledgeBase && { knowledgeBases: [knowledgeBase] }),
        idleSessionTTLInSeconds: idleSessionTtlInSeconds,
        enableTrace: true,
        streamingConfigurations: { streamFinalResponse: true },
      };
      const { inputText, sessionState } = invocationFields(request);
      if (inputText !== undefined) input.inputText = inputText;
      input.inlineSessionState = sessionState;
      const response = await client.send(new InvokeInlineAgentCommand(input), {
        abortSignal: signal,
      });
      return response.completion;
    };
    return streamAgentTurn({
      turn,
      invoke,
      maxReturnControlRounds: this.#options.maxReturnControlRounds ?? 13,
      idleSessionTtlInSeconds,
    });
  }
}

import {
  InvokeAgentCommand,
  type BedrockAgentRuntimeClient,
  type InvokeAgentCommandInput,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { AgentEvent } from '@internal/plugin-securityhub-remediation-common';
import type { AgentTurn, RemediationAgent } from '../RemediationAgent';
import { bedrockSessionId } from './sessionId';
import {
  invocationFields,
  streamAgentTurn,
  type BedrockInvocationRequest,
} from './streamAgentTurn';

/** Options of {@link BedrockNamedAgent}. */
export interface BedrockNamedAgentOptions {
  client: BedrockAgentRuntimeClient;
  agentId: string;
  agentAliasId: string;
  /** Return-of-control rounds per answer (default 13). */
  maxReturnControlRounds?: number;
  /**
   * The idle session timeout set on the agent (default 600 s): after it the
   * earlier messages are sent again with the next one. A smaller value only
   * re-sends them sooner.
   */
  idleSessionTtlInSeconds?: number;
}

const DEFAULT_NAMED_AGENT_SESSION_TTL = 600;

/**
 * A Bedrock agent created in the account (`InvokeAgent` on an alias), with
 * the portal's action group declared as RETURN_CONTROL
 * (`agent/action-group.json`, instruction in `agent/instruction.md`): the
 * backend runs each action and resumes the session with its results.
 */
export class BedrockNamedAgent implements RemediationAgent {
  readonly kind = 'bedrock-agent' as const;
  readonly #options: BedrockNamedAgentOptions;

  constructor(options: BedrockNamedAgentOptions) {
    this.#options = options;
  }

  respond(turn: AgentTurn): AsyncIterable<AgentEvent> {
    const { client, agentId, agentAliasId } = this.#options;
    const invoke = async (
      request: BedrockInvocationRequest,
      signal: AbortSignal,
    ) => {
      const input: InvokeAgentCommandInput = {
        agentId,
        agentAliasId,
        sessionId: bedrockSessionId(turn.sessionId),
        enableTrace: true,
        streamingConfigurations: { streamFinalResponse: true },
        ...invocationFields(request),
      };
      const response = await client.send(new InvokeAgentCommand(input), {
        abortSignal: signal,
      });
      return response.completion;
    };
    return streamAgentTurn({
      turn,
      invoke,
      maxReturnControlRounds: this.#options.maxReturnControlRounds ?? 13,
      idleSessionTtlInSeconds:
        this.#options.idleSessionTtlInSeconds ??
        DEFAULT_NAMED_AGENT_SESSION_TTL,
    });
  }
}

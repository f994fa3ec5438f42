import type {
  KnowledgeBaseLookupInput,
  Metadata,
  Trace,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { ChatToolStep } from '@internal/plugin-securityhub-remediation-common';

const MAX_SUMMARY_CHARS = 500;

function short(text: string, max = MAX_SUMMARY_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function usageSummary(metadata: Metadata | undefined): string | undefined {
  const usage = metadata?.usage;
  if (!usage) return undefined;
  return `${usage.inputTokens ?? 0} input tokens, ${
    usage.outputTokens ?? 0
  } output tokens`;
}

function durationOf(metadata: Metadata | undefined): number {
  const ms = metadata?.totalTimeMs;
  return typeof ms === 'number' && ms >= 0 ? ms : 0;
}

/**
 * Turns Bedrock trace events into the portal's tool steps (`trace:<kind>`):
 * the model's rationale, knowledge base look-ups, model calls (tokens and
 * time, never the prompt), guardrail interventions and failures. Action
 * group calls are not traced here: the backend runs them and reports its
 * own steps. One instance per answer (step ids are unique within it).
 */
export class TraceSteps {
  #count = 0;
  readonly #lookups = new Map<string, KnowledgeBaseLookupInput>();

  from(trace: Trace | undefined): ChatToolStep[] {
    if (!trace) return [];
    if (trace.orchestrationTrace)
      return this.#orchestration(trace.orchestrationTrace);
    if (trace.preProcessingTrace?.modelInvocationOutput) {
      const output = trace.preProcessingTrace.modelInvocationOutput;
      const parsed = output.parsedResponse;
      return [
        this.#step(
          'trace:pre-processing',
          {},
          {
            result:
              parsed?.isValid === false
                ? 'The agent classified the input as out of scope.'
                : 'The agent accepted the input.',
            durationMs: durationOf(output.metadata),
          },
        ),
      ];
    }
    if (trace.guardrailTrace?.action === 'INTERVENED') {
      return [
        this.#step(
          'trace:guardrail',
          {},
          {
            result: 'A Bedrock guardrail intervened.',
            durationMs: durationOf(trace.guardrailTrace.metadata),
          },
        ),
      ];
    }
    if (trace.failureTrace) {
      const failure = trace.failureTrace;
      return [
        this.#step(
          'trace:failure',
          {},
          {
            status: 'failed',
            error: short(
              failure.failureReason ?? 'The agent reported a failure.',
              2000,
            ),
            durationMs: durationOf(failure.metadata),
          },
        ),
      ];
    }
    return [];
  }

  #orchestration(
    trace: NonNullable<Trace['orchestrationTrace']>,
  ): ChatToolStep[] {
    if (trace.rationale?.text) {
      return [
        this.#step(
          'trace:rationale',
          {},
          { result: short(trace.rationale.text) },
        ),
      ];
    }
    const lookup = trace.invocationInput?.knowledgeBaseLookupInput;
    if (lookup) {
      // Reported with its result, when the observation arrives.
      this.#lookups.set(trace.invocationInput?.traceId ?? '', lookup);
      return [];
    }
    const output = trace.observation?.knowledgeBaseLookupOutput;
    if (output) {
      const traceId = trace.observation?.traceId ?? '';
      const input = this.#lookups.get(traceId);
      this.#lookups.delete(traceId);
      const count = output.retrievedReferences?.length ?? 0;
      return [
        this.#step(
          'trace:knowledge-base',
          {
            ...(input?.knowledgeBaseId && {
              knowledgeBaseId: input.knowledgeBaseId,
            }),
            ...(input?.text && { query: short(input.text, 300) }),
          },
          {
            result: `${count} passage${count === 1 ? '' : 's'} retrieved`,
            durationMs: durationOf(output.metadata),
          },
        ),
      ];
    }
    const modelOutput = trace.modelInvocationOutput;
    if (modelOutput) {
      return [
        this.#step(
          'trace:model',
          {},
          {
            result: usageSummary(modelOutput.metadata) ?? 'The model answered.',
            durationMs: durationOf(modelOutput.metadata),
          },
        ),
      ];
    }
    return [];
  }

  #step(
    name: string,
    input: Record<string, unknown>,
    fields: Partial<
      Pick<ChatToolStep, 'result' | 'status' | 'error' | 'durationMs'>
    >,
  ): ChatToolStep {
    this.#count += 1;
    return {
      type: 'tool',
      id: `trace-${this.#count}`,
      name,
      input,
      status: fields.status ?? 'succeeded',
      ...(fields.result !== undefined && { result: fields.result }),
      ...(fields.error !== undefined && { error: fields.error }),
      durationMs: fields.durationMs ?? 0,
    };
  }
}

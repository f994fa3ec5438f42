import {
  CHAT_TOOL_NAMES,
  describeZodError,
  isChatToolName,
  type ChatToolName,
  type ChatToolStep,
  type FindingDetail,
} from '@internal/plugin-securityhub-remediation-common';
import { DEFAULT_REPAIR_ROUNDS } from '../../remediation/proposals/checkProposal';
import type { RemediationEngine } from '../../remediation/engine/RemediationEngine';
import type { ChatToolbox, ChatToolOutcome } from '../RemediationAgent';
import { boundedJson, truncateText } from './bounded';
import { CHAT_TOOL_INPUT_SCHEMAS } from './chatToolSchemas';
import { findControlTool } from './findControlTool';
import { readFindingTool } from './readFindingTool';
import { renderRemediationTool } from './renderRemediationTool';
import { ToolFailure, type ToolContext, type ToolResult } from './toolTypes';
import { validateTemplateTool } from './validateTemplateTool';

/** Actions one answer may run before every further call fails. */
export const DEFAULT_MAX_TOOL_CALLS = 12;

/** Options of {@link createChatToolbox}. */
export interface ChatToolboxOptions {
  engine: RemediationEngine;
  /**
   * Reads one finding with the user's permissions; undefined (or a thrown
   * `NotAllowedError` / `NotFoundError`) when it is absent or out of scope.
   */
  readFinding: (findingId: string) => Promise<FindingDetail | undefined>;
  /** Validation rounds of model-written templates per answer (default 3). */
  maxRepairRounds?: number;
  /** Actions per answer, failed ones included (default 12). */
  maxCalls?: number;
}

const TOOLS: {
  [T in ChatToolName]: (
    context: ToolContext,
    input: ReturnType<(typeof CHAT_TOOL_INPUT_SCHEMAS)[T]['parse']>,
  ) => Promise<ToolResult>;
} = {
  find_control: findControlTool,
  read_finding: readFindingTool,
  render_remediation: renderRemediationTool,
  validate_template: validateTemplateTool,
};

/** Longest string of a step's input as the portal shows it (templates go in the proposal). */
const MAX_STEP_INPUT_STRING = 500;
const MAX_STEP_RESULT = 4000;
const MAX_STEP_ERROR = 2000;

/**
 * The only way an agent runs anything: the four chat actions, bound to one
 * user (through `readFinding`) and one answer (call budget, validation
 * rounds). Every call becomes a timed step; an unknown action, an invalid
 * input, a finding outside the user's scope or an exhausted budget fails the
 * step with a message the model can read, and runs nothing.
 */
export function createChatToolbox(options: ChatToolboxOptions): ChatToolbox {
  const maxCalls = Math.max(0, options.maxCalls ?? DEFAULT_MAX_TOOL_CALLS);
  const context: ToolContext = {
    engine: options.engine,
    readFinding: options.readFinding,
    maxRepairRounds: Math.max(
      1,
      options.maxRepairRounds ?? DEFAULT_REPAIR_ROUNDS,
    ),
    validationRounds: [],
  };
  let calls = 0;

  async function execute(
    name: string,
    input: unknown,
  ): Promise<ChatToolOutcome> {
    const started = performance.now();
    calls += 1;
    const id = `call-${calls}-${String(name)
      .replace(/[^A-Za-z0-9_:-]/g, '_')
      .slice(0, 60)}`;
    const stepInput = stepInputOf(input);
    const fail = (message: string): ChatToolOutcome => ({
      step: {
        type: 'tool',
        id,
        name: truncateText(String(name), 200),
        input: stepInput,
        status: 'failed',
        error: truncateText(message, MAX_STEP_ERROR),
        durationMs: elapsed(started),
      },
      output: { error: message },
      citations: [],
    });

    if (calls > maxCalls) {
      return fail(
        `action budget used up: at most ${maxCalls} actions per answer; answer with what you have`,
      );
    }
    if (!isChatToolName(name)) {
      return fail(
        `unknown action "${truncateText(
          String(name),
          100,
        )}"; the allowed actions are ${CHAT_TOOL_NAMES.join(', ')}`,
      );
    }
    const parsed = CHAT_TOOL_INPUT_SCHEMAS[name].safeParse(input);
    if (!parsed.success) {
      return fail(`invalid input: ${describeZodError(parsed.error)}`);
    }
    let result: ToolResult;
    try {
      result = await (
        TOOLS[name] as (c: ToolContext, i: unknown) => Promise<ToolResult>
      )(context, parsed.data);
    } catch (error) {
      if (error instanceof ToolFailure) return fail(error.message);
      // Internal failures (an upstream retriever, a bug) are summarised:
      // the model reads this text.
      return fail(
        `the action failed: ${truncateText(
          error instanceof Error ? error.message : String(error),
          300,
        )}`,
      );
    }
    const step: ChatToolStep = {
      type: 'tool',
      id,
      name,
      input: stepInputOf(parsed.data),
      result: truncateText(result.summary, MAX_STEP_RESULT),
      status: 'succeeded',
      durationMs: elapsed(started),
    };
    return {
      step,
      output: boundedJson(result.output),
      citations: result.citations,
      ...(result.proposal ? { proposal: result.proposal } : {}),
    };
  }

  return { names: CHAT_TOOL_NAMES, execute };
}

function elapsed(started: number): number {
  return Math.max(0, Math.round((performance.now() - started) * 10) / 10);
}

/** The input as the portal shows it: an object, every string short. */
function stepInputOf(input: unknown): Record<string, unknown> {
  const value =
    input !== null && typeof input === 'object' && !Array.isArray(input)
      ? input
      : { value: input };
  return boundedJson(value, {
    maxString: MAX_STEP_INPUT_STRING,
    maxItems: 10,
  }) as Record<string, unknown>;
}

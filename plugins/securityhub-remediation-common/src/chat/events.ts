import { z } from 'zod';

/**
 * The chat's server-sent events, defined once: the backend writes them, the
 * frontend and every test read them through this schema. Each event is sent
 * as `event: <type>` + `data: <JSON>`; a stream always ends with `done` or
 * `error`.
 */

/** Where a fact in an answer came from. */
export const chatCitationSchema = z.object({
  type: z.literal('citation'),
  /** Stable key of the source, e.g. `control:S3.5` or `runbook:AWSConfigRemediation-…`. */
  id: z.string().max(512),
  title: z.string().max(512),
  /** A public documentation link, when the source has one. */
  url: z.string().url().max(2048).optional(),
  source: z.enum([
    'control-catalog',
    'aws-runbook',
    'curated-library',
    'cannot-automate',
    'guidance',
    'knowledge-base',
    'finding',
  ]),
  /** The passage that supports the answer. */
  excerpt: z.string().max(4000).optional(),
});

/** A chunk of the assistant's markdown answer, in order. */
export const chatTextSchema = z.object({
  type: z.literal('text'),
  text: z.string(),
});

/** One action the agent ran (in the backend, as the user). */
export const chatToolStepSchema = z.object({
  type: z.literal('tool'),
  /** Unique within the answer. */
  id: z.string().max(200),
  /** One of {@link CHAT_TOOL_NAMES}, or a Bedrock trace step (`trace:*`). */
  name: z.string().max(200),
  input: z.record(z.unknown()),
  /** A short summary of what the action returned (never a secret). */
  result: z.string().max(4000).optional(),
  status: z.enum(['succeeded', 'failed']),
  error: z.string().max(2000).optional(),
  durationMs: z.number().nonnegative(),
});

export const validationProblemSchema = z.object({
  rule: z.string(),
  path: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});

export const validationSummarySchema = z.object({
  valid: z.boolean(),
  /** What was validated: `cloudformation`, `automation`, … */
  kind: z.string(),
  problems: z.array(validationProblemSchema),
});

/** How a proposed remediation automates the fix. */
export const AUTOMATION_KINDS = [
  'aws-runbook',
  'curated',
  'model-written',
  'cannot-automate',
  'not-automated',
] as const;
export type AutomationKind = (typeof AUTOMATION_KINDS)[number];

/** A remediation for a control: a validated template, or why there is none. */
export const chatProposalSchema = z.object({
  type: z.literal('proposal'),
  controlId: z.string(),
  controlTitle: z.string(),
  automationKind: z.enum(AUTOMATION_KINDS),
  /** The finding the parameters were filled from. */
  findingId: z.string().optional(),
  /** Stack and file name: `deploy/<name>.yaml`, `deploy/parameters/<name>-params.json`. */
  name: z.string().optional(),
  description: z.string().optional(),
  /** The AWS-owned runbook the document runs. */
  runbook: z.string().optional(),
  templateYaml: z.string().optional(),
  parametersJson: z.string().optional(),
  missingParameters: z
    .array(z.object({ name: z.string(), description: z.string() }))
    .optional(),
  validation: validationSummarySchema.optional(),
  /** Cannot-automate: why, and what a person does instead. */
  reason: z.string().optional(),
  manualSteps: z.array(z.string()).optional(),
  caveats: z.array(z.string()).optional(),
  /** Model-written: every validation round, kept for audit. */
  rounds: z
    .array(
      z.object({
        round: z.number().int().positive(),
        valid: z.boolean(),
        problems: z.array(validationProblemSchema),
      }),
    )
    .optional(),
});

/** The agent needs the user to choose or supply something before it goes on. */
export const chatQuestionSchema = z.object({
  type: z.literal('question'),
  text: z.string(),
  /** Suggested replies; each `value` is sent as the next message. */
  options: z
    .array(z.object({ label: z.string(), value: z.string() }))
    .max(10)
    .optional(),
});

export const CHAT_ERROR_CODES = [
  'bad-request',
  'not-found',
  'not-allowed',
  'throttled',
  'upstream',
  'timeout',
  'internal',
] as const;

/** The answer failed; the stream ends here. */
export const chatErrorSchema = z.object({
  type: z.literal('error'),
  code: z.enum(CHAT_ERROR_CODES),
  message: z.string(),
  /** Sending the same message again may succeed (throttling, a transient upstream failure). */
  retryable: z.boolean(),
});

/** The first event: which conversation and message this stream belongs to. */
export const chatStartSchema = z.object({
  type: z.literal('start'),
  conversationId: z.string(),
  messageId: z.string(),
  /** Which agent answers: `local`, `bedrock-agent` or `bedrock-inline-agent`. */
  agent: z.string(),
});

/** The answer is complete (or stopped by the user); the stream ends here. */
export const chatDoneSchema = z.object({
  type: z.literal('done'),
  conversationId: z.string(),
  messageId: z.string(),
  stopReason: z.enum(['complete', 'stopped']),
});

export const chatEventSchema = z.discriminatedUnion('type', [
  chatStartSchema,
  chatTextSchema,
  chatCitationSchema,
  chatToolStepSchema,
  chatProposalSchema,
  chatQuestionSchema,
  chatErrorSchema,
  chatDoneSchema,
]);

export type ChatEvent = z.infer<typeof chatEventSchema>;
export type ChatEventType = ChatEvent['type'];
export type ChatEventOf<T extends ChatEventType> = Extract<
  ChatEvent,
  { type: T }
>;
export type ChatCitation = ChatEventOf<'citation'>;
export type ChatToolStep = ChatEventOf<'tool'>;
export type ChatProposal = ChatEventOf<'proposal'>;
export type ChatQuestion = ChatEventOf<'question'>;
export type ChatError = ChatEventOf<'error'>;
export type ValidationSummary = z.infer<typeof validationSummarySchema>;

/** Events an agent produces; `start`, `done` and `error` belong to the backend. */
export type AgentEvent = Exclude<
  ChatEvent,
  { type: 'start' | 'done' | 'error' }
>;

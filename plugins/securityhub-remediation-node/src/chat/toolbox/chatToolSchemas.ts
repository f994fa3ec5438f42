import {
  CHAT_TOOL_NAMES,
  type ChatToolName,
} from '@internal/plugin-securityhub-remediation-common';
import { z } from 'zod';
import { MAX_PROPOSAL_BYTES } from '../../remediation/proposals/checkProposal';

/** Longest text `find_control` accepts (the chat message limit). */
const MAX_FIND_TEXT_CHARS = 8000;
const MAX_FINDING_ID_CHARS = 512;
const MAX_FIND_LIMIT = 10;

const findingId = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(
    MAX_FINDING_ID_CHARS,
    `must be at most ${MAX_FINDING_ID_CHARS} characters`,
  )
  .regex(/^\P{Cc}+$/u, 'must not contain control characters');

/**
 * Catalog ids are `<Service>.<number>` (`S3.5`, `EC2.19`, `RedshiftServerless.1`);
 * whether the id exists is the engine's answer (`UnknownControlError`).
 */
const controlId = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z][A-Za-z0-9]{0,39}\.\d{1,3}$/,
    'must be a Security Hub control id such as S3.5 or EC2.19',
  );

/**
 * Bedrock return-of-control sends every function parameter as a string
 * (`{ name, type, value }`), so integers are coerced here; a model calling the
 * local toolbox may pass a number directly.
 */
const limit = z.coerce
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_FIND_LIMIT, `must be at most ${MAX_FIND_LIMIT}`);

/**
 * Strict input schema of each chat action: unknown keys are refused, so a
 * model cannot smuggle options the action does not document.
 */
export const CHAT_TOOL_INPUT_SCHEMAS = {
  find_control: z
    .object({
      text: z
        .string()
        .max(
          MAX_FIND_TEXT_CHARS,
          `must be at most ${MAX_FIND_TEXT_CHARS} characters`,
        )
        .optional(),
      findingId: findingId.optional(),
      limit: limit.optional(),
    })
    .strict()
    .refine(
      input => Boolean(input.text?.trim()) || input.findingId !== undefined,
      { message: 'give text or findingId (at least one)' },
    ),
  read_finding: z.object({ findingId }).strict(),
  render_remediation: z
    .object({ controlId, findingId: findingId.optional() })
    .strict(),
  validate_template: z
    .object({
      templateYaml: z
        .string()
        .min(1, 'must not be empty')
        .refine(
          text => Buffer.byteLength(text, 'utf8') <= MAX_PROPOSAL_BYTES,
          `must be at most ${MAX_PROPOSAL_BYTES / 1024} KiB`,
        ),
      /** The control the template remediates (the proposal is filed under it). */
      controlId,
      name: z
        .string()
        .trim()
        .regex(
          /^[A-Za-z][A-Za-z0-9-]{0,127}$/,
          'must be a stack name: letters, digits and hyphens, starting with a letter',
        )
        .optional(),
    })
    .strict(),
} satisfies Record<ChatToolName, z.ZodTypeAny>;

export type ChatToolInput<T extends ChatToolName> = z.infer<
  (typeof CHAT_TOOL_INPUT_SCHEMAS)[T]
>;

/** One sentence per action: shown to the model (local toolbox and Bedrock action group alike). */
export const CHAT_TOOL_DESCRIPTIONS: Record<ChatToolName, string> = {
  find_control:
    'Ranks the Security Hub controls that match a description (text) or a stored finding (findingId), with scores and the evidence for each.',
  read_finding:
    'Reads one stored Security Hub finding the user may see, by its id; its free-text fields come back as untrusted data.',
  render_remediation:
    'Renders the remediation of a Security Hub control (AWS runbook, curated automation, or why it cannot be automated), with parameters filled from a finding when findingId is given.',
  validate_template:
    'Validates a CloudFormation template you wrote for a control without automation; errors come back for repair within a limited number of rounds.',
};

/** Parameter descriptions, shared by the Bedrock function schema. */
const PARAMETER_DESCRIPTIONS: Record<
  ChatToolName,
  Record<string, { description: string; type: BedrockParameterType }>
> = {
  find_control: {
    text: {
      type: 'string',
      description:
        'What the finding or the problem is about, in words or a control id.',
    },
    findingId: {
      type: 'string',
      description: 'Id of a stored finding to find the control of.',
    },
    limit: {
      type: 'integer',
      description: `How many controls to return, 1 to ${MAX_FIND_LIMIT} (default 5).`,
    },
  },
  read_finding: {
    findingId: { type: 'string', description: 'Id of the finding to read.' },
  },
  render_remediation: {
    controlId: {
      type: 'string',
      description: 'Security Hub control id such as S3.5 or EC2.19.',
    },
    findingId: {
      type: 'string',
      description: 'Id of a finding whose resource fills the parameters.',
    },
  },
  validate_template: {
    templateYaml: {
      type: 'string',
      description: 'The complete CloudFormation template, as YAML.',
    },
    controlId: {
      type: 'string',
      description:
        'The Security Hub control the template remediates, e.g. DMS.1.',
    },
    name: {
      type: 'string',
      description:
        'Stack name for the template (letters, digits, hyphens), e.g. remediate-dms-1.',
    },
  },
};

/** Types Bedrock function-schema parameters may declare. */
export type BedrockParameterType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'array';

/** One function of a Bedrock action group (`functionSchema.functions[]`). */
export interface BedrockFunctionDefinition {
  name: ChatToolName;
  description: string;
  parameters: Record<
    string,
    { type: BedrockParameterType; description: string; required: boolean }
  >;
}

/**
 * The chat actions as Bedrock action-group functions, built from the same
 * schemas and descriptions the toolbox enforces. Bedrock hands the calls back
 * (return of control) with each parameter as a string — `{ name, type, value }`
 * — so the toolbox's schemas coerce integers; pass
 * `Object.fromEntries(parameters.map(p => [p.name, p.value]))` to `execute`.
 */
export function bedrockFunctionDefinitions(): BedrockFunctionDefinition[] {
  return CHAT_TOOL_NAMES.map(name => {
    const shape = objectShape(CHAT_TOOL_INPUT_SCHEMAS[name]);
    const parameters: BedrockFunctionDefinition['parameters'] = {};
    for (const [key, field] of Object.entries(shape)) {
      const documented = PARAMETER_DESCRIPTIONS[name][key];
      parameters[key] = {
        type: documented?.type ?? 'string',
        description: documented?.description ?? key,
        required: !field.isOptional(),
      };
    }
    return { name, description: CHAT_TOOL_DESCRIPTIONS[name], parameters };
  });
}

/** The object shape under a refinement (`find_control` is a refined object). */
function objectShape(schema: z.ZodTypeAny): z.ZodRawShape {
  let current: z.ZodTypeAny = schema;
  while (current instanceof z.ZodEffects) current = current.innerType();
  if (current instanceof z.ZodObject) return current.shape;
  throw new Error('chat action schemas must be objects');
}

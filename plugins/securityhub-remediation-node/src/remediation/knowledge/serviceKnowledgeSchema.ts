/**
 * Schemas of the service knowledge files (`services/<service>.yaml`). They
 * follow the TypeScript types the rest of the code uses (knowledge/types.ts,
 * curated/types.ts) minus `controlId`, which is the key of the entry; the
 * alignment is checked at compile time at the end of this file.
 */
import { z } from 'zod';
import type {
  AutomationStep,
  CuratedAutomation,
  CuratedParameter,
  CuratedPermission,
  ParameterFill,
} from '../curated/types';
import type {
  AwsRunbookRemediation,
  CannotAutomate,
  RemediationGuidance,
  RunbookParameterValue,
} from './types';

const text = z.string().min(1);
const texts = z.array(text).min(1);
const documentationPage = z
  .string()
  .regex(/^https:\/\/docs\.aws\.amazon\.com\//, 'an AWS documentation page');
const constant = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
]);

export const guidanceSchema = z
  .object({ summary: text, steps: texts })
  .strict();

export const cannotAutomateSchema = z
  .object({ reason: text, manualSteps: texts, source: documentationPage })
  .strict();

const runbookParameterSchema: z.ZodType<RunbookParameterValue> = z.union(
  [
    z
      .object({
        from: z.enum([
          'resourceId',
          'resourceName',
          'accountId',
          'region',
          'automationAssumeRole',
        ]),
      })
      .strict(),
    z.object({ from: z.literal('resourceDetail'), field: text }).strict(),
    z.object({ from: z.literal('operatorInput'), description: text }).strict(),
    z.object({ value: constant }).strict(),
  ],
  {
    errorMap: () => ({
      message:
        'expected { from: resourceId | resourceName | accountId | region | automationAssumeRole }, { from: resourceDetail, field }, { from: operatorInput, description } or { value }',
    }),
  },
);

export const runbookSchema = z
  .object({
    runbook: z.string().regex(/^AWS[A-Za-z]*-[A-Za-z0-9-]+$/),
    resourceType: text,
    parameters: z.record(runbookParameterSchema),
    requiredIamActions: texts,
    rationale: text,
    source: documentationPage,
  })
  .strict();

const parameterFillSchema: z.ZodType<ParameterFill> = z.union(
  [
    z
      .object({
        from: z.enum(['resourceId', 'resourceName', 'accountId', 'region']),
      })
      .strict(),
    z.object({ from: z.literal('resourceDetail'), path: text }).strict(),
    z.object({ value: constant }).strict(),
  ],
  {
    errorMap: () => ({
      message:
        'expected { from: resourceId | resourceName | accountId | region }, { from: resourceDetail, path } or { value }',
    }),
  },
);

export const parameterSchema = z
  .object({
    type: z.enum(['String', 'StringList', 'Integer', 'Boolean']),
    description: text,
    fill: parameterFillSchema,
    allowedPattern: text.optional(),
  })
  .strict();

/** `Script: { file: <service>/<name>.py }`, relative to the services folder. */
export const scriptFileSchema = z
  .object({
    file: z
      .string()
      .regex(
        /^[a-z0-9]+\/[A-Za-z0-9][A-Za-z0-9._-]*\.py$/,
        'a file <service>/<name>.py',
      ),
  })
  .strict();

export const stepSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'a step name'),
    action: z.string().regex(/^aws:[A-Za-z]+$/, 'an aws:… action'),
    inputs: z.record(z.unknown()),
    outputs: z
      .array(z.object({ Name: text, Selector: text, Type: text }).strict())
      .optional(),
    onFailure: text.optional(),
    nextStep: text.optional(),
    isEnd: z.boolean().optional(),
    maxAttempts: z.number().int().positive().optional(),
    timeoutSeconds: z.number().int().positive().optional(),
    description: text.optional(),
  })
  .strict()
  .superRefine((step, context) => {
    // A script is a .py file beside the data, so it can be linted and tested.
    if (step.action !== 'aws:executeScript') return;
    const script = scriptFileSchema.safeParse(step.inputs.Script);
    if (script.success) return;
    for (const issue of script.error.issues) {
      context.addIssue({
        ...issue,
        path: ['inputs', 'Script', ...issue.path],
        message:
          issue.path.length === 0
            ? 'expected { file: <service>/<name>.py }'
            : issue.message,
      });
    }
  });

export const permissionSchema = z
  .object({ actions: texts, resources: texts, why: text })
  .strict();

export const curatedSchema = z
  .object({
    description: text,
    resourceType: text,
    parameters: z.record(parameterSchema),
    steps: z.array(stepSchema).min(1),
    permissions: z.array(permissionSchema).min(1),
    caveats: texts.optional(),
  })
  .strict();

/** One control's entry; the loader refuses an entry with none of its fields. */
export const controlSchema = z
  .object({
    guidance: guidanceSchema.optional(),
    /** How the problem shows up in people's words; indexed by the local retriever. */
    symptoms: texts.optional(),
    cannotAutomate: cannotAutomateSchema.optional(),
    runbook: runbookSchema.optional(),
    curated: curatedSchema.optional(),
  })
  .strict();

/** The fields of an entry. */
export const CONTROL_FIELDS = Object.keys(controlSchema.shape);

export const serviceFileSchema = z
  .object({
    /** The Security Hub service prefix of the file's control ids, e.g. `S3`. */
    service: z.string().regex(/^[A-Za-z0-9]+$/, 'a service prefix'),
    controls: z.record(controlSchema),
  })
  .strict();

/** One service file as read (and checked). */
export type ServiceFile = z.infer<typeof serviceFileSchema>;

// Compile-time alignment with the types the code uses: each schema's
// output is one of them and declares exactly its fields.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Aligned<S extends z.ZodTypeAny, T> = z.infer<S> extends T
  ? Same<keyof z.infer<S>, keyof T>
  : false;
type Assert<T extends true> = T;
type WithoutId<T> = Omit<T, 'controlId'>;

/** Fails to compile when a schema drifts from its type. */
export type SchemasMatchTypes = [
  Assert<Aligned<typeof guidanceSchema, RemediationGuidance>>,
  Assert<Aligned<typeof cannotAutomateSchema, WithoutId<CannotAutomate>>>,
  Assert<Aligned<typeof runbookSchema, WithoutId<AwsRunbookRemediation>>>,
  Assert<Aligned<typeof curatedSchema, WithoutId<CuratedAutomation>>>,
  Assert<Aligned<typeof parameterSchema, CuratedParameter>>,
  Assert<Aligned<typeof stepSchema, AutomationStep>>,
  Assert<Aligned<typeof permissionSchema, CuratedPermission>>,
];

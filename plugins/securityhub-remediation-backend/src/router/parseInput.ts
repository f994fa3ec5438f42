import type { z } from 'zod';
import { InputError } from '@backstage/errors';
import { describeZodError } from '@internal/plugin-securityhub-remediation-common';

/** Parses request input; a 400 naming what was wrong otherwise. */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new InputError(`Invalid ${what}: ${describeZodError(result.error)}`);
  }
  return result.data;
}

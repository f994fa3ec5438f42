import { z } from 'zod';
import { InputError } from '@backstage/errors';
import type { StageRequest } from './ports';
import { isRemediationFilePath } from './files';

/*
 * What every repository adapter accepts: only the two remediation paths, a
 * message and an author that cannot break a commit header.
 */

export const branchSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,99})*$/,
    'a branch name is letters, digits, ".", "_", "-" and "/"',
  )
  .refine(
    name => !name.includes('..') && !name.endsWith('.lock'),
    'a branch name may not contain ".." or end with ".lock"',
  );

const stageRequestSchema = z.object({
  files: z
    .array(
      z.object({
        path: z.string().refine(
          isRemediationFilePath,
          path =>
            ({
              message: `"${path}" is not a remediation file path (deploy/<Name>.yaml or deploy/parameters/<Name>-params.json)`,
            } as const),
        ),
        content: z.string().max(5 * 1024 * 1024),
      }),
    )
    .min(1, 'nothing to stage')
    .refine(
      files => new Set(files.map(f => f.path)).size === files.length,
      'each path may be staged once per commit',
    ),
  message: z
    .string()
    .trim()
    .min(1, 'a commit message is required')
    .max(10_000)
    .refine(text => !text.includes('\0'), 'the message has a NUL character'),
  author: z.object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(
        /^[^<>\n\r\0]+$/,
        'an author name may not contain <, > or line breaks',
      ),
    email: z
      .string()
      .trim()
      .max(254)
      .regex(/^[^<>\s@]+@[^<>\s@]+$/, 'an author email looks like name@host'),
  }),
});

/** The request, validated; a 400-style {@link InputError} names what is wrong. */
export function parseStageRequest(request: StageRequest): StageRequest {
  const parsed = stageRequestSchema.safeParse(request);
  if (!parsed.success) {
    throw new InputError(
      `Cannot stage: ${parsed.error.issues.map(i => i.message).join('; ')}`,
    );
  }
  return parsed.data;
}

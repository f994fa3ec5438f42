import { z } from 'zod';
import type { FindingSortField } from './constants';
import {
  findingsFilterShape,
  findingsSortShape,
  type FindingsFilter,
} from './query';

/** Formats of `GET /v1/findings/export`. @public */
export const FINDINGS_EXPORT_FORMATS = ['csv', 'json', 'jsonl'] as const;

/** @public */
export type FindingsExportFormat = (typeof FINDINGS_EXPORT_FORMATS)[number];

/**
 * Query of `GET /v1/findings/export`: the list's filters and sort plus the
 * format. Unknown parameters (such as `limit` or `cursor`) are rejected.
 *
 * @public
 */
export const findingsExportQuerySchema = z
  .object({
    ...findingsFilterShape,
    ...findingsSortShape,
    format: z.enum(FINDINGS_EXPORT_FORMATS, {
      errorMap: () => ({
        message: `must be one of ${FINDINGS_EXPORT_FORMATS.join(', ')}`,
      }),
    }),
  })
  .strict();

/** @public */
export type FindingsExportQuery = z.infer<typeof findingsExportQuerySchema>;

/**
 * What a client sends for an export: a filter, the list's sort (defaults
 * severity, desc) and the format.
 *
 * @public
 */
export type FindingsExportRequest = FindingsFilter & {
  sort?: FindingSortField;
  order?: 'asc' | 'desc';
  format: FindingsExportFormat;
};

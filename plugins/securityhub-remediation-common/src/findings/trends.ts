import { z } from 'zod';
import type { SeverityLabel } from './constants';
import { awsAccountIdSchema, findingsFilterShape } from './query';

/** How many days of history `GET /v1/findings/trends` answers. @public */
export const FINDINGS_TRENDS_DAYS = { default: 90, max: 365 } as const;

/**
 * Query of `GET /v1/findings/trends`: the last `days` days (UTC, today
 * included), optionally of one account, or of the findings whose resources
 * match tags or id prefixes. Unknown parameters are rejected.
 *
 * @public
 */
export const findingsTrendsQuerySchema = z
  .object({
    days: z.coerce
      .number({ invalid_type_error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be at least 1')
      .max(
        FINDINGS_TRENDS_DAYS.max,
        `must be at most ${FINDINGS_TRENDS_DAYS.max}`,
      )
      .default(FINDINGS_TRENDS_DAYS.default),
    accountId: awsAccountIdSchema.optional(),
    /**
     * A service's findings by its resources (the entity annotations): the
     * days are reconstructed on request from the findings' created and
     * resolved times, as daily counts are kept per account only.
     */
    resourceTag: findingsFilterShape.resourceTag,
    resourceIdPrefix: findingsFilterShape.resourceIdPrefix,
  })
  .strict();

/** @public */
export type FindingsTrendsQuery = z.infer<typeof findingsTrendsQuerySchema>;

/** @public */
export type FindingsTrendsRequest = z.input<typeof findingsTrendsQuerySchema>;

/** The counts of one day (UTC). @public */
export interface FindingsTrendDay {
  /** `YYYY-MM-DD`, UTC. */
  date: string;
  /** Open findings (the findings page's default view) at the day's last record, by severity. */
  open: Record<SeverityLabel, number>;
  /** Findings created that day (their CreatedAt). */
  new: number;
  /** Findings that became resolved that day. */
  resolved: number;
  /**
   * Back-filled from the findings' timestamps when history began rather
   * than recorded on the day: an estimate (see the trends documentation).
   */
  reconstructed: boolean;
}

/** Answer of `GET /v1/findings/trends`. @public */
export interface FindingsTrends {
  /** Recorded days in the window, oldest first; days without a record are absent. */
  days: FindingsTrendDay[];
  /** The first recorded day (`YYYY-MM-DD`), or null before the first record. */
  historyStartsAt: string | null;
  /**
   * True when the days were reconstructed for this request (a service's
   * findings, by resource tags or id prefixes) rather than read from the
   * daily records.
   */
  computedOnRequest: boolean;
}

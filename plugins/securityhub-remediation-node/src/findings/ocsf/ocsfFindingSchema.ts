// zod 4 (inside zod 3.25 as `zod/v4`), like the ASFF schema in common.
import { z } from 'zod/v4';

/**
 * OCSF timestamps: `*_time` is `timestamp_t` (milliseconds since the epoch),
 * `*_time_dt` is `datetime_t` (RFC 3339 text). Security Hub writes both.
 */
const epochMs = z.number().finite();
const dateTime = z.string().min(1);

const resourceSchema = z.looseObject({
  uid: z.string().optional(),
  name: z.string().optional(),
  type: z.string().optional(),
  region: z.string().optional(),
  cloud_partition: z.string().optional(),
  /** OCSF 1.4+: key/value pairs. */
  tags: z
    .array(z.looseObject({ name: z.string(), value: z.string().optional() }))
    .optional(),
  /** OCSF labels are bare strings: kept in the raw document only. */
  labels: z.array(z.string()).optional(),
});

/**
 * The fields of an OCSF finding (Compliance Finding 2003, Detection Finding
 * 2004, Vulnerability Finding 2002, as Security Hub writes them) that the
 * portal reads. Every object is loose: the document keeps all other fields
 * and is stored as it came.
 *
 * @public
 */
export const ocsfFindingSchema = z.looseObject({
  class_uid: z.number().int(),
  class_name: z.string().optional(),
  activity_id: z.number().int().optional(),
  activity_name: z.string().optional(),
  severity_id: z.number().int().optional(),
  severity: z.string().optional(),
  status_id: z.number().int().optional(),
  status: z.string().optional(),
  message: z.string().optional(),
  time: epochMs.optional(),
  time_dt: dateTime.optional(),
  finding_info: z.looseObject({
    uid: z.string().min(1).max(512),
    title: z.string().optional(),
    desc: z.string().optional(),
    types: z.array(z.string()).optional(),
    created_time: epochMs.optional(),
    created_time_dt: dateTime.optional(),
    modified_time: epochMs.optional(),
    modified_time_dt: dateTime.optional(),
    first_seen_time: epochMs.optional(),
    first_seen_time_dt: dateTime.optional(),
    last_seen_time: epochMs.optional(),
    last_seen_time_dt: dateTime.optional(),
    analytic: z.looseObject({ uid: z.string().optional() }).optional(),
  }),
  compliance: z
    .looseObject({
      control: z.string().optional(),
      // A list since OCSF 1.1; a single string in some producers.
      standards: z.union([z.array(z.string()), z.string()]).optional(),
      status: z.string().optional(),
      status_id: z.number().int().optional(),
    })
    .optional(),
  resources: z.array(resourceSchema).optional(),
  cloud: z
    .looseObject({
      account: z.looseObject({ uid: z.string().optional() }).optional(),
      region: z.string().optional(),
      provider: z.string().optional(),
    })
    .optional(),
  metadata: z.looseObject({
    version: z.string().optional(),
    uid: z.string().optional(),
    product: z
      .looseObject({
        uid: z.string().optional(),
        name: z.string().optional(),
        vendor_name: z.string().optional(),
      })
      .optional(),
  }),
  remediation: z
    .looseObject({
      desc: z.string().optional(),
      references: z.array(z.string()).optional(),
    })
    .optional(),
});

/** A validated OCSF finding. @public */
export type OcsfFinding = z.infer<typeof ocsfFindingSchema>;

/**
 * Whether a JSON value claims to be an OCSF finding (as opposed to ASFF):
 * an object with a numeric `class_uid` and `metadata.version` or
 * `finding_info`. It may still fail {@link ocsfFindingSchema}.
 *
 * @public
 */
export function looksLikeOcsfFinding(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.class_uid !== 'number') return false;
  const metadata = record.metadata as Record<string, unknown> | undefined;
  return (
    (typeof metadata === 'object' &&
      metadata !== null &&
      typeof metadata.version === 'string') ||
    (typeof record.finding_info === 'object' && record.finding_info !== null)
  );
}

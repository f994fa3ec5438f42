/**
 * Input checks shared by the remediation actions. JSON-schema validation runs
 * only when the scaffolder runs a template, so handlers check again here and
 * fail before any call with a message naming the input, as an
 * {@link InputError} so that a dry-run answers 400 rather than 500.
 */

import { InputError } from '@backstage/errors';

/** The backend refuses longer finding ids. */
export const MAX_FINDING_ID_LENGTH = 512;

export const TEMPLATE_HASH_PATTERN = /^[a-f0-9]{64}$/;

/** What `POST /v1/remediations` accepts as an idempotency key. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

export const UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkedFindingId(value: string): string {
  const findingId = value.trim();
  if (
    !findingId ||
    findingId.length > MAX_FINDING_ID_LENGTH ||
    [...findingId].some(c => c.charCodeAt(0) < 0x20)
  ) {
    throw new InputError(
      `Invalid findingId: expected a non-blank id of at most ${MAX_FINDING_ID_LENGTH} characters without control characters, got ${findingId.length} characters after trimming`,
    );
  }
  return findingId;
}

export function checkedTemplateHash(value: string): string {
  const hash = value.trim().toLowerCase();
  if (!TEMPLATE_HASH_PATTERN.test(hash)) {
    throw new InputError(
      'Invalid templateHash: expected the 64-character sha256 (hex) of the reviewed template, as the review step or securityhub:remediation:generate outputs it',
    );
  }
  return hash;
}

export function checkedRemediationId(value: string): string {
  const id = value.trim();
  if (!UUID_PATTERN.test(id)) {
    throw new InputError(
      `Invalid remediationId: expected a remediation id (a UUID) as securityhub:remediation:stage outputs it, got "${id.slice(
        0,
        80,
      )}"`,
    );
  }
  return id.toLowerCase();
}

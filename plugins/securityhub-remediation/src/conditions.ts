import type { Entity } from '@backstage/catalog-model';
import {
  AWS_ACCOUNT_ID_ANNOTATION,
  SECURITYHUB_RESOURCE_ARN_PREFIXES_ANNOTATION,
  SECURITYHUB_RESOURCE_TAGS_ANNOTATION,
  describeZodError,
  findingsFilterSchema,
  type FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';

const annotationOf = (entity: Entity, name: string) =>
  entity.metadata.annotations?.[name]?.trim() || undefined;

/** The AWS account id an entity is annotated with, if any. */
export function awsAccountIdOf(entity: Entity): string | undefined {
  return annotationOf(entity, AWS_ACCOUNT_ID_ANNOTATION);
}

/** What an entity's annotations select of the findings, or why they cannot. */
export type EntityFindingsScope =
  | { kind: 'none' }
  | { kind: 'invalid'; annotation: string; value: string; message: string }
  | {
      kind: 'matched';
      /** The filter every findings request of the entity carries. */
      filter: Pick<
        FindingsFilter,
        'accountId' | 'resourceTag' | 'resourceIdPrefix'
      >;
      /** True when the entity is an AWS account (its own findings tab). */
      isAccount: boolean;
    };

const SCOPE_ANNOTATIONS = [
  [AWS_ACCOUNT_ID_ANNOTATION, 'accountId'],
  [SECURITYHUB_RESOURCE_TAGS_ANNOTATION, 'resourceTag'],
  [SECURITYHUB_RESOURCE_ARN_PREFIXES_ANNOTATION, 'resourceIdPrefix'],
] as const;

/**
 * The findings an entity shows: those of its AWS account
 * (`aws.amazon.com/account-id`), of resources carrying its tags
 * (`aws.amazon.com/securityhub-resource-tags: team=payments,app=ledger`) and
 * of resources whose ARN starts with one of its prefixes
 * (`aws.amazon.com/securityhub-resource-arn-prefixes`). Annotations given
 * together narrow each other (a component's tagged resources in one
 * account). Values are checked with the API's own schema, so a typo shows
 * as a message on the entity, not as an empty list.
 */
export function entityFindingsScope(entity: Entity): EntityFindingsScope {
  const filter: Record<string, string> = {};
  for (const [annotation, key] of SCOPE_ANNOTATIONS) {
    const value = annotationOf(entity, annotation);
    if (value === undefined) continue;
    const parsed = findingsFilterSchema.safeParse({ [key]: value });
    if (!parsed.success) {
      return {
        kind: 'invalid',
        annotation,
        value,
        message: describeZodError(parsed.error).replace(/^[^:]+: /, ''),
      };
    }
    filter[key] = value;
  }
  if (Object.keys(filter).length === 0) return { kind: 'none' };
  const parsed = findingsFilterSchema.parse(filter);
  return {
    kind: 'matched',
    filter: {
      ...(parsed.accountId && { accountId: parsed.accountId }),
      ...(parsed.resourceTag && { resourceTag: parsed.resourceTag }),
      ...(parsed.resourceIdPrefix && {
        resourceIdPrefix: parsed.resourceIdPrefix,
      }),
    },
    isAccount: entity.kind.toLowerCase() === 'resource' && !!parsed.accountId,
  };
}

/**
 * True when the entity has findings to show: it names an AWS account, or
 * tags or ARN prefixes of its resources.
 *
 * @public
 */
export function isSecurityHubAvailable(entity: Entity): boolean {
  return SCOPE_ANNOTATIONS.some(
    ([annotation]) => annotationOf(entity, annotation) !== undefined,
  );
}

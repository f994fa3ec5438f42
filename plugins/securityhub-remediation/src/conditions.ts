import type { Entity } from '@backstage/catalog-model';
import { AWS_ACCOUNT_ID_ANNOTATION } from '@internal/plugin-securityhub-remediation-common';

/** The AWS account id an entity is annotated with, if any. */
export function awsAccountIdOf(entity: Entity): string | undefined {
  const value = entity.metadata.annotations?.[AWS_ACCOUNT_ID_ANNOTATION];
  return value?.trim() || undefined;
}

/**
 * True when the entity names an AWS account (the
 * `aws.amazon.com/account-id` annotation), i.e. the Security Hub tab has
 * something to show.
 *
 * @public
 */
export function isSecurityHubAvailable(entity: Entity): boolean {
  return awsAccountIdOf(entity) !== undefined;
}

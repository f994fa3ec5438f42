/**
 * Catalog annotation naming the 12-digit AWS account an entity represents.
 * The findings tab shows the findings of this account.
 *
 * @public
 */
export const AWS_ACCOUNT_ID_ANNOTATION = 'aws.amazon.com/account-id';

/**
 * Catalog annotation matching an entity's findings by the tags of their
 * resources: comma-separated `key=value` pairs, each of which the finding's
 * resources must carry, e.g. `team=payments,app=ledger`. For components and systems whose
 * resources share an account with others.
 *
 * @public
 */
export const SECURITYHUB_RESOURCE_TAGS_ANNOTATION =
  'aws.amazon.com/securityhub-resource-tags';

/**
 * Catalog annotation matching an entity's findings by the ids (ARNs) of
 * their resources: comma-separated prefixes, any of which matches, e.g.
 * `arn:aws:s3:::payments-ledger-,arn:aws:lambda:us-east-1:210987654321:function:ledger-`.
 *
 * @public
 */
export const SECURITYHUB_RESOURCE_ARN_PREFIXES_ANNOTATION =
  'aws.amazon.com/securityhub-resource-arn-prefixes';

/** The plugin id shared by the frontend, backend, node and common packages. @public */
export const SECURITYHUB_REMEDIATION_PLUGIN_ID = 'securityhub-remediation';

/**
 * Catalog annotation naming the 12-digit AWS account an entity represents.
 * The findings tab shows the findings of this account.
 *
 * @public
 */
export const AWS_ACCOUNT_ID_ANNOTATION = 'aws.amazon.com/account-id';

/** The plugin id shared by the frontend, backend, node and common packages. @public */
export const SECURITYHUB_REMEDIATION_PLUGIN_ID = 'securityhub-remediation';

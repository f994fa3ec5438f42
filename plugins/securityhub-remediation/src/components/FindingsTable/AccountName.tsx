import type { MouseEvent } from 'react';
import Typography from '@material-ui/core/Typography';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { AwsAccountDirectory, AwsAccountEntity } from './useAwsAccounts';

/**
 * The account's name without a trailing `(<account id>)`, which entity
 * titles often carry (`payments-prod (210987654321)`): the cells show the id
 * on a line of its own.
 */
export function shortAccountName(account: AwsAccountEntity): string {
  const suffix = `(${account.accountId})`;
  const name = account.displayName.trim();
  if (!name.endsWith(suffix)) return name;
  return name.slice(0, -suffix.length).trim() || name;
}

/** `payments-prod (210987654321)`, or the id for accounts the catalog lacks. */
export function accountLabel(
  accountId: string,
  directory: AwsAccountDirectory,
): string {
  const account = directory.get(accountId);
  return account ? `${shortAccountName(account)} (${accountId})` : accountId;
}

/**
 * An AWS account as the name of its catalog entity, linked to the entity
 * page, over its 12-digit id. Accounts the catalog does not know are shown
 * as their id.
 */
export function AccountName(props: {
  accountId: string;
  directory: AwsAccountDirectory;
}) {
  const account = props.directory.get(props.accountId);
  if (!account) return <>{props.accountId}</>;
  return (
    <>
      <EntityRefLink
        entityRef={account.entityRef}
        title={shortAccountName(account)}
        aria-label={accountLabel(props.accountId, props.directory)}
        // Rows open the detail drawer on click; following the link must not.
        onClick={(event: MouseEvent) => event.stopPropagation()}
      />
      <Typography variant="caption" color="textSecondary" component="div">
        {account.accountId}
      </Typography>
    </>
  );
}

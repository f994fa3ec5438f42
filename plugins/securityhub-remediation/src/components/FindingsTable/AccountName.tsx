import { useCallback, useRef } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { stopRowClick } from './FindingCells';
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
  entityPath: EntityPath;
  linkClass: string;
  /** Class of the line with the id (caption text). */
  captionClass: string;
}) {
  const account = props.directory.get(props.accountId);
  const path = account && props.entityPath(account);
  if (!account || !path) return <>{props.accountId}</>;
  return (
    <>
      <RouterLink
        to={path}
        className={props.linkClass}
        aria-label={accountLabel(props.accountId, props.directory)}
        // Rows open the detail drawer on click; following the link must not.
        onClick={stopRowClick}
      >
        {shortAccountName(account)}
      </RouterLink>
      <div className={props.captionClass}>{account.accountId}</div>
    </>
  );
}

/** The path of an account's entity page; undefined in an app without one. */
export type EntityPath = (account: AwsAccountEntity) => string | undefined;

function useEntityRoute() {
  try {
    return useRouteRef(entityRouteRef);
  } catch {
    // Thrown after every hook ran: an app without the catalog's entity page.
    return undefined;
  }
}

/**
 * Resolved once per table, not per row, and of stable identity: the route
 * function changes with every location, the paths to entity pages do not.
 */
export function useEntityPath(): EntityPath {
  const route = useEntityRoute();
  const latest = useRef(route);
  latest.current = route;
  return useCallback(
    account => latest.current?.(entityRouteParams(account.entityRef)),
    [],
  );
}

import { useEffect, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
  type CatalogApi,
} from '@backstage/plugin-catalog-react';
import { AWS_ACCOUNT_ID_ANNOTATION } from '@internal/plugin-securityhub-remediation-common';

/** The catalog entity that stands for one AWS account. */
export interface AwsAccountEntity {
  accountId: string;
  entityRef: { kind: string; namespace: string; name: string };
  /** `metadata.title`, else `metadata.name`. */
  displayName: string;
}

/** AWS account id → its catalog entity. */
export type AwsAccountDirectory = ReadonlyMap<string, AwsAccountEntity>;

const EMPTY: AwsAccountDirectory = new Map();

/** Only what the account cells need. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
];

/**
 * Builds the directory from catalog entities. When several entities claim
 * the same account, the first by entity ref wins so the choice is stable.
 */
export function toAwsAccountDirectory(
  entities: readonly Entity[],
): AwsAccountDirectory {
  const accounts = entities
    .map((entity): AwsAccountEntity | undefined => {
      const accountId =
        entity.metadata.annotations?.[AWS_ACCOUNT_ID_ANNOTATION]?.trim();
      if (!accountId) return undefined;
      const entityRef = {
        kind: entity.kind,
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
      };
      return {
        accountId,
        entityRef,
        displayName: entity.metadata.title?.trim() || entity.metadata.name,
      };
    })
    .filter((account): account is AwsAccountEntity => Boolean(account))
    .sort((a, b) => refString(a).localeCompare(refString(b)));

  const directory = new Map<string, AwsAccountEntity>();
  for (const account of accounts) {
    if (!directory.has(account.accountId)) {
      directory.set(account.accountId, account);
    }
  }
  return directory;
}

function refString(account: AwsAccountEntity): string {
  const { kind, namespace, name } = account.entityRef;
  return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
}

// One catalog request per page load, shared by every table and overview on
// the page. Keyed by the API instance, which lives as long as the app.
const pending = new WeakMap<CatalogApi, Promise<AwsAccountDirectory>>();
const loaded = new WeakMap<CatalogApi, AwsAccountDirectory>();

function loadAwsAccounts(catalogApi: CatalogApi): Promise<AwsAccountDirectory> {
  let request = pending.get(catalogApi);
  if (!request) {
    request = catalogApi
      .getEntities({
        filter: {
          [`metadata.annotations.${AWS_ACCOUNT_ID_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: FIELDS,
      })
      .then(response => {
        const directory = toAwsAccountDirectory(response.items);
        loaded.set(catalogApi, directory);
        return directory;
      })
      .catch(() => {
        // Names are a nicety: fall back to the ids, and try again on the
        // next mount rather than caching the failure.
        pending.delete(catalogApi);
        return EMPTY;
      });
    pending.set(catalogApi, request);
  }
  return request;
}

/**
 * The AWS-account entities of the catalog (entities annotated with
 * `aws.amazon.com/account-id`), fetched once per page load. Empty while
 * loading, when the catalog cannot be read, or in an app without a catalog.
 */
export function useAwsAccounts(): AwsAccountDirectory {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const [directory, setDirectory] = useState<AwsAccountDirectory>(
    () => (catalogApi && loaded.get(catalogApi)) ?? EMPTY,
  );

  useEffect(() => {
    if (!catalogApi) return undefined;
    let current = true;
    loadAwsAccounts(catalogApi).then(result => {
      if (current) setDirectory(result);
    });
    return () => {
      current = false;
    };
  }, [catalogApi]);

  return directory;
}

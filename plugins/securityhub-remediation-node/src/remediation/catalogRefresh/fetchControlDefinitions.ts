import {
  paginateListSecurityControlDefinitions,
  type ListSecurityControlDefinitionsCommandOutput,
  type SecurityControlDefinition,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import {
  ControlCatalogRefreshError,
  describeAttempts,
  requestMetadataOf,
} from './ControlCatalogRefreshError';
import type {
  ControlParameterDefinition,
  LiveControlDefinition,
  LiveControlList,
} from './types';

/** `ListSecurityControlDefinitions` refuses a larger `MaxResults`. @public */
export const LIST_CONTROL_DEFINITIONS_MAX_PAGE_SIZE = 100;

/** @public */
export interface FetchControlDefinitionsOptions {
  /** Only the controls of this standard; the result is then not complete. */
  standardsArn?: string;
  signal?: AbortSignal;
}

function parametersOf(
  definition: SecurityControlDefinition,
): ControlParameterDefinition[] | undefined {
  const entries = Object.entries(definition.ParameterDefinitions ?? {});
  if (entries.length === 0) return undefined;
  return entries
    .map(([name, parameter]) => ({
      name,
      description: parameter.Description,
      options: parameter.ConfigurationOptions,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The SDK definition in the catalog's terms; `undefined` without an id. */
export function toLiveControlDefinition(
  definition: SecurityControlDefinition,
): LiveControlDefinition | undefined {
  const id = definition.SecurityControlId?.trim();
  if (!id) return undefined;
  const parameters = parametersOf(definition);
  return {
    id,
    title: definition.Title?.trim() ?? '',
    description: definition.Description ?? '',
    severity: definition.SeverityRating?.toLowerCase(),
    currentRegionAvailability: definition.CurrentRegionAvailability,
    remediationUrl: definition.RemediationUrl,
    ...(definition.Provider ? { provider: definition.Provider } : {}),
    ...(parameters ? { parameters } : {}),
  };
}

/**
 * Every control definition of the client's region, page by page until the
 * last `NextToken`. Throttled pages are retried by the client's retry
 * strategy (see `createSecurityHubClient`); a page that still fails throws,
 * so a partial list is never mistaken for a complete one.
 *
 * @public
 */
export async function fetchControlDefinitions(
  client: SecurityHubClient,
  options: FetchControlDefinitionsOptions = {},
): Promise<LiveControlList> {
  const { standardsArn, signal } = options;
  const pages = paginateListSecurityControlDefinitions(
    {
      client,
      pageSize: LIST_CONTROL_DEFINITIONS_MAX_PAGE_SIZE,
      stopOnSameToken: true,
    },
    standardsArn === undefined ? {} : { StandardsArn: standardsArn },
    { abortSignal: signal },
  );
  const iterator = pages[Symbol.asyncIterator]();
  const byId = new Map<string, LiveControlDefinition>();
  for (let page = 1; ; page++) {
    let result: IteratorResult<ListSecurityControlDefinitionsCommandOutput>;
    try {
      result = await iterator.next();
    } catch (error) {
      if (signal?.aborted) throw error;
      const metadata = requestMetadataOf(error);
      throw new ControlCatalogRefreshError(
        `Security Hub ListSecurityControlDefinitions failed on page ${page}${
          standardsArn ? ` of ${standardsArn}` : ''
        }${describeAttempts(metadata)}`,
        {
          operation: 'ListSecurityControlDefinitions',
          page,
          ...(standardsArn ? { standardsArn } : {}),
          ...metadata,
        },
        error,
      );
    }
    if (result.done) break;
    for (const raw of result.value.SecurityControlDefinitions ?? []) {
      const definition = toLiveControlDefinition(raw);
      if (!definition) {
        // The id is the only key the catalog has; without one the list
        // cannot be trusted as complete.
        throw new ControlCatalogRefreshError(
          `Security Hub ListSecurityControlDefinitions page ${page} has a definition without SecurityControlId`,
          { operation: 'ListSecurityControlDefinitions', page },
        );
      }
      // A control repeated across pages (the list moved while paging) counts once.
      if (!byId.has(definition.id)) byId.set(definition.id, definition);
    }
  }
  return {
    definitions: [...byId.values()],
    complete: standardsArn === undefined,
    ...(standardsArn ? { standardsArn } : {}),
  };
}

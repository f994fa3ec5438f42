import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  SECURITYHUB_REMEDIATION_PLUGIN_ID,
  type FindingsTrends,
  type FindingsTrendsQuery,
} from '@internal/plugin-securityhub-remediation-common';

/** What `getTrends` asks: `days` defaults to the backend's 90. @public */
export type TrendsRequest = Partial<FindingsTrendsQuery>;

/** Reads the daily finding counts (`GET /v1/findings/trends`). @public */
export interface SecurityHubTrendsApi {
  getTrends(request: TrendsRequest): Promise<FindingsTrends>;
}

/** @public */
export const securityHubTrendsApiRef = createApiRef<SecurityHubTrendsApi>({
  id: 'plugin.securityhub-remediation.trends',
});

/** HTTP client of the trends route, with the signed-in user's token. @public */
export class SecurityHubTrendsClient implements SecurityHubTrendsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getTrends(request: TrendsRequest): Promise<FindingsTrends> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(
      SECURITYHUB_REMEDIATION_PLUGIN_ID,
    );
    const params = new URLSearchParams();
    if (request.days !== undefined) params.set('days', String(request.days));
    if (request.accountId) params.set('accountId', request.accountId);
    for (const tag of request.resourceTag ?? []) {
      params.append('resourceTag', tag);
    }
    for (const prefix of request.resourceIdPrefix ?? []) {
      params.append('resourceIdPrefix', prefix);
    }
    const query = params.toString();
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/v1/findings/trends${query ? `?${query}` : ''}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as FindingsTrends;
  }
}

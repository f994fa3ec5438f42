import {
  createApiRef,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  SECURITYHUB_REMEDIATION_PLUGIN_ID,
  type FindingsTrends,
  type FindingsTrendsRequest,
} from '@internal/plugin-securityhub-remediation-common';

/** Reads the daily finding counts (`GET /v1/findings/trends`). @public */
export interface SecurityHubTrendsApi {
  getTrends(request: FindingsTrendsRequest): Promise<FindingsTrends>;
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

  async getTrends(request: FindingsTrendsRequest): Promise<FindingsTrends> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(
      SECURITYHUB_REMEDIATION_PLUGIN_ID,
    );
    const params = new URLSearchParams();
    if (request.days !== undefined) params.set('days', String(request.days));
    if (request.accountId) params.set('accountId', request.accountId);
    const query = params.toString();
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/v1/findings/trends${query ? `?${query}` : ''}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as FindingsTrends;
  }
}

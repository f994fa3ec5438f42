import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import {
  SECURITYHUB_REMEDIATION_PLUGIN_ID,
  findingIdPathProblem,
  findingPath,
  toFindingsSearchParams,
  type FindingDetail,
  type FindingsExportRequest,
  type FindingsFilter,
  type FindingsPage,
  type FindingsSummary,
  type FindingsTriageRequest,
  type FindingsTriageResponse,
  type SyncStatus,
} from '@internal/plugin-securityhub-remediation-common';
import type {
  ListFindingsRequest,
  SecurityHubFindingsApi,
} from './SecurityHubFindingsApi';
import { attachmentFileName, saveDownload } from './saveDownload';

/**
 * HTTP client of the securityhub-remediation backend. Requests go through
 * `fetchApi` so they carry the signed-in user's token, which the backend needs
 * to apply the read permission (and its account scoping).
 *
 * @public
 */
export class SecurityHubFindingsClient implements SecurityHubFindingsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listFindings(request: ListFindingsRequest): Promise<FindingsPage> {
    return this.get('/v1/findings', toFindingsSearchParams(request));
  }

  async getSummary(filter: FindingsFilter): Promise<FindingsSummary> {
    return this.get('/v1/findings/summary', toFindingsSearchParams(filter));
  }

  async getFinding(id: string): Promise<FindingDetail> {
    // An id such as `summary` would read another route: refuse it here.
    const problem = findingIdPathProblem(id);
    if (problem) throw new InputError(problem);
    return this.get(findingPath(id));
  }

  async exportFindings(
    request: FindingsExportRequest,
  ): Promise<{ fileName: string }> {
    const response = await this.request(
      '/v1/findings/export',
      toFindingsSearchParams(request),
    );
    const fileName =
      attachmentFileName(response.headers.get('Content-Disposition')) ??
      `securityhub-findings.${request.format}`;
    saveDownload(await response.blob(), fileName);
    return { fileName };
  }

  async triageFindings(
    request: FindingsTriageRequest,
  ): Promise<FindingsTriageResponse> {
    const response = await this.request('/v1/findings/triage', undefined, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    return (await response.json()) as FindingsTriageResponse;
  }

  async getSyncStatus(): Promise<SyncStatus> {
    return this.get('/v1/sync/status');
  }

  async triggerSync(): Promise<'started' | 'already-running'> {
    try {
      await this.request('/v1/sync', undefined, { method: 'POST' });
      return 'started';
    } catch (error) {
      if (error instanceof ResponseError && error.response.status === 409) {
        return 'already-running';
      }
      throw error;
    }
  }

  private async get<T>(path: string, params?: URLSearchParams): Promise<T> {
    const response = await this.request(path, params);
    return (await response.json()) as T;
  }

  private async request(
    path: string,
    params?: URLSearchParams,
    init?: RequestInit,
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(
      SECURITYHUB_REMEDIATION_PLUGIN_ID,
    );
    const query = params?.toString();
    const url = `${baseUrl}${path}${query ? `?${query}` : ''}`;
    const response = await (init
      ? this.fetchApi.fetch(url, init)
      : this.fetchApi.fetch(url));
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

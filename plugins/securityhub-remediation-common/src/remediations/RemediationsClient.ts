import {
  backendRequest,
  type BackendClientOptions,
  type BackendRequestInit,
} from '../http';
import type {
  CreateRemediationRequest,
  RemediationDecisionRequest,
  RemediationsListQuery,
} from './schemas';
import type {
  RemediationDetail,
  RemediationPreview,
  RemediationsPage,
} from './types';

/**
 * The remediation routes of the securityhub-remediation backend
 * (`/v1/remediations`). One client for the frontend, the scaffolder actions
 * and scripts: each passes a `fetchApi` that carries the caller's token.
 *
 * @public
 */
export interface SecurityHubRemediationsApi {
  /** What a remediation of the finding would be: template, params, validation, change preview. */
  preview(findingId: string, signal?: AbortSignal): Promise<RemediationPreview>;
  /** Generates and stages; answers the record (status `staged` or later). */
  create(
    request: CreateRemediationRequest,
    signal?: AbortSignal,
  ): Promise<RemediationDetail>;
  list(
    query?: RemediationsListQuery,
    signal?: AbortSignal,
  ): Promise<RemediationsPage>;
  get(id: string, signal?: AbortSignal): Promise<RemediationDetail>;
  /** Approves or rejects the approval the remediation waits for. */
  decide(
    id: string,
    request: RemediationDecisionRequest,
  ): Promise<RemediationDetail>;
  /** Runs a failed stage again. */
  retry(id: string): Promise<RemediationDetail>;
}

/** @public */
export class SecurityHubRemediationsClient
  implements SecurityHubRemediationsApi
{
  constructor(private readonly options: BackendClientOptions) {}

  preview(findingId: string, signal?: AbortSignal) {
    return this.json<RemediationPreview>('/preview', {
      method: 'POST',
      body: { findingId },
      signal,
    });
  }

  create(request: CreateRemediationRequest, signal?: AbortSignal) {
    return this.json<RemediationDetail>('', {
      method: 'POST',
      body: request,
      signal,
    });
  }

  list(query: RemediationsListQuery = {}, signal?: AbortSignal) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    return this.json<RemediationsPage>(search ? `?${search}` : '', { signal });
  }

  get(id: string, signal?: AbortSignal) {
    return this.json<RemediationDetail>(`/${encodeURIComponent(id)}`, {
      signal,
    });
  }

  decide(id: string, request: RemediationDecisionRequest) {
    return this.json<RemediationDetail>(`/${encodeURIComponent(id)}/decision`, {
      method: 'POST',
      body: request,
    });
  }

  retry(id: string) {
    return this.json<RemediationDetail>(`/${encodeURIComponent(id)}/retry`, {
      method: 'POST',
      body: {},
    });
  }

  private async json<T>(path: string, init: BackendRequestInit): Promise<T> {
    const response = await backendRequest(
      this.options,
      `/v1/remediations${path}`,
      init,
    );
    return (await response.json()) as T;
  }
}

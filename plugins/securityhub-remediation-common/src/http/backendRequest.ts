import { SECURITYHUB_REMEDIATION_PLUGIN_ID } from '../annotations';

/** The two Backstage APIs a client needs, as plain structural types. */
export interface BackendClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi: { fetch: typeof fetch };
}

/**
 * A request the backend answered with an error status; `message` is the
 * backend's own (from the Backstage error body `{ error: { name, message } }`).
 *
 * @public
 */
export class BackendRequestError extends Error {
  name = 'BackendRequestError';
  constructor(
    message: string,
    readonly statusCode: number,
    /** The backend's error name, e.g. `InputError`, `NotAllowedError`. */
    readonly remoteName?: string,
  ) {
    super(message);
  }

  /** Throttled or a server failure: the same request may succeed later. */
  get retryable(): boolean {
    return this.statusCode === 429 || this.statusCode >= 500;
  }
}

export interface BackendRequestInit {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * One request to the securityhub-remediation backend; rejects with the
 * error `makeError` builds from a non-2xx answer.
 */
export async function backendRequest(
  options: BackendClientOptions,
  path: string,
  init: BackendRequestInit = {},
  makeError: (message: string, status: number, remoteName?: string) => Error = (
    m,
    s,
    n,
  ) => new BackendRequestError(m, s, n),
): Promise<Response> {
  const baseUrl = await options.discoveryApi.getBaseUrl(
    SECURITYHUB_REMEDIATION_PLUGIN_ID,
  );
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await options.fetchApi.fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  if (!response.ok) {
    const { message, remoteName } = await errorOf(response);
    throw makeError(message, response.status, remoteName);
  }
  return response;
}

async function errorOf(
  response: Response,
): Promise<{ message: string; remoteName?: string }> {
  const fallback = `Request failed with ${response.status}${
    response.statusText ? ` ${response.statusText}` : ''
  }`;
  let text = '';
  try {
    text = await response.text();
  } catch {
    return { message: fallback };
  }
  try {
    const body = JSON.parse(text) as {
      error?: { name?: unknown; message?: unknown };
    };
    const message = body?.error?.message;
    const name = body?.error?.name;
    if (typeof message === 'string' && message) {
      return {
        message,
        remoteName: typeof name === 'string' ? name : undefined,
      };
    }
  } catch {
    // Not JSON (a proxy's error page): fall back to the status.
  }
  return { message: fallback };
}

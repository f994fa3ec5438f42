/**
 * The load benchmark's view mix: the findings page's views (a list and its
 * summary each), and many clients walking them with autocannon. Shared by
 * load.ts (the backend in a child process) and loadInstances.ts (the built
 * backend, one and two instances).
 */
import autocannon from 'autocannon';
import { DEMO_ACCOUNTS } from '@internal/plugin-securityhub-remediation-common';
import { round } from './stats';

export const DEFAULT_FILTER =
  'complianceStatus=FAILED&workflowStatus=NEW&workflowStatus=NOTIFIED&recordState=ACTIVE';
export const FREE_TEXT = 'free text';

/** A view: the list and the summary of one filter. */
export interface View {
  name: string;
  list: string;
  summary: string;
}

const view = (name: string, filter: string, listExtra = ''): View => ({
  name,
  list: `/findings?${[filter, 'limit=50', listExtra]
    .filter(Boolean)
    .join('&')}`,
  summary: `/findings/summary${filter ? `?${filter}` : ''}`,
});

export async function getJson(url: string, token: string) {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The views of the mix; next pages use cursors read before the load. */
export async function viewsOf(api: string, token: string): Promise<View[]> {
  const account = DEMO_ACCOUNTS[0].id;
  const summary = await getJson(`${api}/findings/summary`, token);
  const control: string = summary.byControl[0].key;
  const views = [
    view('default (open, failed)', DEFAULT_FILTER),
    view('account tab', `accountId=${account}`),
    view(
      'severity critical+high',
      `${DEFAULT_FILTER}&severity=CRITICAL&severity=HIGH`,
    ),
    view('by control', `controlId=${encodeURIComponent(control)}`),
    view(FREE_TEXT, 'q=ledger'),
  ];
  let cursor: string | null = null;
  for (const page of [2, 3]) {
    const first: { nextCursor: string | null } = await getJson(
      `${api}${views[0].list}${cursor ? `&cursor=${cursor}` : ''}`,
      token,
    );
    cursor = first.nextCursor;
    if (!cursor) break;
    views.push(
      view(
        `default, page ${page}`,
        DEFAULT_FILTER,
        `cursor=${encodeURIComponent(cursor)}`,
      ),
    );
  }
  return views;
}

/** What one autocannon run saw, before it is summed up. */
export interface MixRun {
  requests: number;
  seconds: number;
  latencies: number[];
  errors: number;
  non2xx: number;
}

/** `connections` clients walking the views for `seconds` against `api`. */
export async function runMix(
  api: string,
  token: string,
  views: View[],
  options: { connections: number; seconds: number },
): Promise<MixRun> {
  const prefix = new URL(api).pathname;
  const instance = autocannon({
    url: api,
    connections: options.connections,
    duration: options.seconds,
    // As a browser asks: compressed answers.
    headers: {
      authorization: `Bearer ${token}`,
      'accept-encoding': 'gzip, deflate, br',
    },
    // Each connection walks the views in turn, a list then its summary.
    requests: views.flatMap(v => [
      { method: 'GET' as const, path: `${prefix}${v.list}` },
      { method: 'GET' as const, path: `${prefix}${v.summary}` },
    ]),
  });
  // autocannon's histogram has no p95: every response time is kept.
  const latencies: number[] = [];
  // Without a callback autocannon returns its instance, which is also a
  // promise of the result; its types give only the promise.
  (instance as unknown as autocannon.Instance).on(
    'response',
    (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    },
  );
  const result = await instance;
  return {
    requests: result.requests.total,
    seconds: result.duration,
    latencies,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Runs that went on side by side (one per instance), summed up. */
export function mixStats(runs: MixRun[], connections: number) {
  const requests = runs.reduce((sum, r) => sum + r.requests, 0);
  const seconds = Math.max(...runs.map(r => r.seconds));
  const sorted = runs.flatMap(r => r.latencies).sort((a, b) => a - b);
  const at = (q: number) =>
    round(
      sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ??
        0,
    );
  return {
    connections,
    seconds: round(seconds, 1),
    viewsPerSecond: round(requests / 2 / seconds, 0),
    requestsPerSecond: round(requests / seconds, 0),
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
  };
}

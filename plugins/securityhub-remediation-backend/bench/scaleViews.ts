/**
 * The views the scale benchmark loads over HTTP, as the findings page does:
 * a page and its summary together, one run at a time or by clients in a
 * loop while an import runs.
 */
import {
  DEMO_ACCOUNTS,
  toFindingsSearchParams,
} from '@internal/plugin-securityhub-remediation-common';
import { call } from './remediateBackend';
import { percentiles } from './stats';

export type Query = Record<string, string | string[] | number | undefined>;
export interface View {
  name: string;
  list: Query;
  summary?: Query;
  /**
   * Searches to take in turn, one per run (list and summary alike): each
   * run is then a search the backend has not answered before.
   */
  searches?: string[];
  /** Sort orders of the list to take in turn, one per run. */
  sorts?: string[];
  /** Resource tags to take in turn, one per run (list and summary alike). */
  tags?: string[];
  /**
   * Loaded as a reader allowed every account but the sample account (the
   * backend's `/leaving-out` routes): a scope that leaves out a few.
   */
  leavingOut?: boolean;
}

/** The view of one run: with `searches`, `sorts` or `tags`, that run's own. */
export function viewOfRun(view: View, run: number): View {
  const list = { ...view.list };
  const summary = view.summary && { ...view.summary };
  if (view.searches) {
    list.q = view.searches[run % view.searches.length];
    if (summary) summary.q = list.q;
  }
  if (view.sorts) list.sort = view.sorts[run % view.sorts.length];
  if (view.tags) {
    list.resourceTag = [view.tags[run % view.tags.length]];
    if (summary) summary.resourceTag = list.resourceTag;
  }
  return { ...view, list, summary };
}

/** Every sort of the list but severity (the default), in turn. */
export const OTHER_SORTS = [
  'updatedAt',
  'firstSeenAt',
  'title',
  'controlId',
  'awsAccountId',
];

export const DEFAULT_VIEW: Query = {
  recordState: 'ACTIVE',
  complianceStatus: 'FAILED',
  workflowStatus: ['NEW', 'NOTIFIED'],
};

export async function get(base: string, route: string, query: Query) {
  const url = `${base}${route}?${toFindingsSearchParams(query)}`;
  const res = await call('GET', url);
  if (res.status !== 200) {
    throw new Error(
      `GET ${route} answered ${res.status}: ${JSON.stringify(res.body).slice(
        0,
        300,
      )}`,
    );
  }
  return res.body;
}

/** One view as the findings page loads it: the page and the summary together. */
export async function loadView(at: string, view: View): Promise<number> {
  const base = view.leavingOut
    ? at.replace(/^(https?:\/\/[^/]+)/, '$1/leaving-out')
    : at;
  const start = performance.now();
  await Promise.all([
    get(base, '/v1/findings', { limit: 50, ...view.list }),
    view.summary ? get(base, '/v1/findings/summary', view.summary) : undefined,
  ]);
  return performance.now() - start;
}

/** 33 words (4+ letters) of resource ids and 33 ARNs, from the first pages of all findings. */
export async function searchesFromPages(
  base: string,
): Promise<{ words: string[]; arns: string[] }> {
  const words = new Set<string>();
  const arns = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < 20 && (words.size < 33 || arns.size < 33); page++) {
    const { items, nextCursor } = await get(base, '/v1/findings', {
      limit: 100,
      cursor,
    });
    for (const finding of items as Array<{
      resources: Array<{ id: string }>;
    }>) {
      for (const { id } of finding.resources) {
        if (arns.size < 33) arns.add(id);
        for (const word of id.toLowerCase().split(/[^a-z]+/)) {
          if (word.length >= 4 && words.size < 33) words.add(word);
        }
      }
    }
    cursor = nextCursor ?? undefined;
    if (!cursor) break;
  }
  return { words: [...words], arns: [...arns] };
}

/** Clients loading views in a loop until `until` resolves; latency of every request. */
export async function clientsDuring(
  base: string,
  views: View[],
  until: Promise<unknown>,
  clients: number,
) {
  let done = false;
  until.finally(() => {
    done = true;
  });
  const samples: number[] = [];
  let errors = 0;
  const client = async (offset: number) => {
    for (let i = offset; !done; i++) {
      const view = views[i % views.length];
      const start = performance.now();
      try {
        await Promise.all([
          get(base, '/v1/findings', { limit: 50, ...view.list }),
          get(base, '/v1/sync/status', {}),
        ]);
        if (view.summary) await get(base, '/v1/findings/summary', view.summary);
        samples.push(performance.now() - start);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
  if (samples.length === 0)
    throw new Error('no API request answered during the import');
  return { ...percentiles(samples), errors };
}

/** Every tag the demo accounts' resources carry, as `key=value`. */
const DEMO_TAGS = [
  ...new Set(
    DEMO_ACCOUNTS.flatMap(account => [
      ...Object.entries(account.tags ?? {}).map(([k, v]) => `${k}=${v}`),
      ...(account.workloads ?? []).map(workload => `app=${workload}`),
    ]),
  ),
];

/** What the views at scale are made of, known once the import is shown. */
export interface ScaleViewInputs {
  sampleAccount: string;
  sampleResource: string;
  /** The control with the most findings. */
  control: string;
  /** The default view's second page. */
  nextCursor: string;
  /** Searches no run has made before (see `searchesFromPages`). */
  words: string[];
  arns: string[];
}

/** The views the scale benchmark times after the import, one client at a time. */
export function viewsAtScale({
  sampleAccount,
  sampleResource,
  control,
  nextCursor,
  words,
  arns,
}: ScaleViewInputs): View[] {
  return [
    {
      name: 'default view (open, failed)',
      list: DEFAULT_VIEW,
      summary: DEFAULT_VIEW,
    },
    { name: 'all findings', list: {}, summary: {} },
    {
      name: `account tab (${sampleAccount})`,
      list: { accountId: sampleAccount },
      summary: { accountId: sampleAccount },
    },
    {
      name: 'by severity (CRITICAL, HIGH)',
      list: { severity: ['CRITICAL', 'HIGH'] },
      summary: { severity: ['CRITICAL', 'HIGH'] },
    },
    {
      name: `by control (${control})`,
      list: { controlId: control },
      summary: { controlId: control },
    },
    {
      name: 'passed findings (all informational), by severity',
      list: { complianceStatus: 'PASSED' },
      summary: { complianceStatus: 'PASSED' },
    },
    {
      name: 'suppressed findings, by severity ascending',
      list: { workflowStatus: 'SUPPRESSED', order: 'asc' },
      summary: { workflowStatus: 'SUPPRESSED' },
    },
    {
      name: `account tab (${sampleAccount}), each other sort in turn`,
      list: { accountId: sampleAccount },
      summary: { accountId: sampleAccount },
      sorts: OTHER_SORTS,
    },
    {
      name: `every account but one (${sampleAccount}): default view, each sort in turn`,
      list: DEFAULT_VIEW,
      summary: DEFAULT_VIEW,
      sorts: ['severity', ...OTHER_SORTS],
      leavingOut: true,
    },
    {
      name: `every account but one (${sampleAccount}): all findings, each sort in turn`,
      list: {},
      summary: {},
      sorts: ['severity', ...OTHER_SORTS],
      leavingOut: true,
    },
    {
      name: `by control (${control}), each other sort in turn`,
      list: { controlId: control },
      summary: { controlId: control },
      sorts: OTHER_SORTS,
    },
    {
      name: 'by resource type (AwsS3Bucket), each sort in turn',
      list: { resourceType: 'AwsS3Bucket' },
      summary: { resourceType: 'AwsS3Bucket' },
      sorts: ['severity', ...OTHER_SORTS],
    },
    {
      name: 'high severity RDS instances, each sort in turn',
      list: { severity: 'HIGH', resourceType: 'AwsRdsDbInstance' },
      summary: { severity: 'HIGH', resourceType: 'AwsRdsDbInstance' },
      sorts: ['severity', ...OTHER_SORTS],
    },
    {
      name: 'default view, each other sort in turn',
      list: DEFAULT_VIEW,
      summary: DEFAULT_VIEW,
      sorts: OTHER_SORTS,
    },
    {
      name: 'all findings, each other sort in turn',
      list: {},
      summary: {},
      sorts: OTHER_SORTS,
    },
    {
      name: `tab by resource tag, a different tag each run (${DEMO_TAGS.length})`,
      list: {},
      summary: {},
      tags: DEMO_TAGS,
    },
    {
      name: 'tab by resource tag (team=payments), each other sort in turn',
      list: { resourceTag: ['team=payments'] },
      summary: { resourceTag: ['team=payments'] },
      sorts: OTHER_SORTS,
    },
    {
      name: 'tab by ARN prefix (arn:aws:s3:::)',
      list: { resourceIdPrefix: ['arn:aws:s3:::'] },
      summary: { resourceIdPrefix: ['arn:aws:s3:::'] },
    },
    {
      name: 'next page (cursor)',
      list: { ...DEFAULT_VIEW, cursor: nextCursor },
    },
    {
      name: 'free text ("ledger")',
      list: { q: 'ledger' },
      summary: { q: 'ledger' },
    },
    {
      name: 'free text ("ledger"), each other sort in turn',
      list: { q: 'ledger' },
      summary: { q: 'ledger' },
      sorts: OTHER_SORTS,
    },
    {
      name: 'free text ("logging") among S3 buckets, each sort in turn',
      list: { q: 'logging', resourceType: 'AwsS3Bucket' },
      summary: { q: 'logging', resourceType: 'AwsS3Bucket' },
      sorts: ['severity', ...OTHER_SORTS],
    },
    {
      name: 'free text ("mfa") in the default view, each sort in turn',
      list: { ...DEFAULT_VIEW, q: 'mfa' },
      summary: { ...DEFAULT_VIEW, q: 'mfa' },
      sorts: ['severity', ...OTHER_SORTS],
    },
    {
      name: 'free text, one resource (its ARN)',
      list: { q: sampleResource },
      summary: { q: sampleResource },
    },
    {
      name: `free text, a new word each run (${words.length} from resource ids)`,
      list: {},
      summary: {},
      searches: words,
    },
    {
      name: `free text, a new ARN each run (${arns.length})`,
      list: {},
      summary: {},
      searches: arns,
    },
  ];
}

import { createHash } from 'node:crypto';
import { AwsError } from './awsError';
import type { Clock } from './clock';
import type { CallerIdentity, ServiceOperations } from './server';
import type { AutomationRun } from './ssmAutomation';

/** An ASFF finding; only the fields the fake reads are typed. */
export interface AsffFinding {
  Id: string;
  ProductArn: string;
  AwsAccountId: string;
  Region?: string;
  UpdatedAt?: string;
  Resources?: Array<{ Id: string; Type?: string }>;
  Compliance?: { Status?: string; [key: string]: unknown };
  Workflow?: { Status?: string };
  Note?: { Text: string; UpdatedBy: string; UpdatedAt: string };
  [key: string]: unknown;
}

/** A `BatchUpdateFindings` call as received. */
export interface BatchUpdateRecord {
  accountId: string;
  region: string;
  findingIdentifiers: Array<{ Id: string; ProductArn: string }>;
  note?: { Text: string; UpdatedBy: string };
  workflowStatus?: string;
  processed: string[];
  unprocessed: string[];
}

/** Picks the finding ids an automation fixed; undefined: match its parameters to resources. */
export type AutomationSuccessHook = (
  run: AutomationRun,
) => readonly string[] | undefined;

interface StringFilter {
  Value?: string;
  Comparison?: string;
}

interface DateFilter {
  Start?: string;
  End?: string;
  DateRange?: { Value?: number; Unit?: string };
}

/** Several filters on one date field are ORed, as in Security Hub. */
function matchesDateFilters(
  value: unknown,
  filters: DateFilter[],
  now: Date,
): boolean {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) return false;
  return filters.some(filter => {
    if (filter.DateRange?.Value !== undefined) {
      return time >= now.getTime() - filter.DateRange.Value * 86_400_000;
    }
    const start = filter.Start ? Date.parse(filter.Start) : -Infinity;
    const end = filter.End ? Date.parse(filter.End) : Infinity;
    return time >= start && time <= end;
  });
}

/** The string fields `Filters` may name, and where each lives in a finding. */
const FILTER_FIELDS: Record<string, (f: AsffFinding) => unknown[]> = {
  Id: f => [f.Id],
  AwsAccountId: f => [f.AwsAccountId],
  Region: f => [f.Region],
  ProductArn: f => [f.ProductArn],
  GeneratorId: f => [f.GeneratorId],
  RecordState: f => [f.RecordState],
  ComplianceStatus: f => [f.Compliance?.Status],
  ComplianceSecurityControlId: f => [f.Compliance?.SecurityControlId],
  WorkflowStatus: f => [f.Workflow?.Status],
  ResourceId: f => (f.Resources ?? []).map(r => r.Id),
  ResourceType: f => (f.Resources ?? []).map(r => r.Type),
};
const WORKFLOW_STATUSES = ['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'];

function matchesStringFilters(
  values: unknown[],
  filters: StringFilter[],
): boolean {
  const test = (filter: StringFilter) => {
    const wanted = filter.Value ?? '';
    return values.some(value => {
      if (typeof value !== 'string') return false;
      return filter.Comparison?.startsWith('PREFIX')
        ? value.startsWith(wanted)
        : value === wanted;
    });
  };
  // As in Security Hub: positive comparisons are ORed, negative ones ANDed.
  const negative = filters.filter(
    f =>
      f.Comparison?.startsWith('NOT_') || f.Comparison === 'PREFIX_NOT_EQUALS',
  );
  const positive = filters.filter(f => !negative.includes(f));
  return (
    (positive.length === 0 || positive.some(test)) &&
    negative.every(f => !test(f))
  );
}

/** A resource id matches a parameter value when equal, or when the value is its last ARN segment. */
function resourceMatches(resourceId: string, value: string): boolean {
  return (
    resourceId === value ||
    resourceId.endsWith(`:${value}`) ||
    resourceId.endsWith(`/${value}`)
  );
}

/** Security Hub CSPM (restJson1): `GetFindings` and `BatchUpdateFindings` over seeded ASFF findings. */
export class FakeSecurityHub {
  private readonly findings: AsffFinding[] = [];
  readonly batchUpdates: BatchUpdateRecord[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly reevaluateMs: number,
    private readonly onAutomationSuccess?: AutomationSuccessHook,
  ) {}

  seedFindings(findings: readonly AsffFinding[]): void {
    for (const finding of findings)
      this.findings.push(structuredClone(finding));
  }

  finding(id: string): AsffFinding | undefined {
    return this.findings.find(f => f.Id === id);
  }

  allFindings(): readonly AsffFinding[] {
    return this.findings;
  }

  /**
   * After a successful automation, the FAILED findings it fixed turn PASSED
   * once Security Hub re-evaluates (`reevaluateMs` later). A run in another
   * account or region than a finding's does not fix it.
   */
  automationSucceeded(run: AutomationRun): void {
    const chosen = this.onAutomationSuccess?.(run);
    const values = Object.values(run.parameters).flat();
    const fixed = this.findings.filter(finding => {
      if (finding.Compliance?.Status !== 'FAILED') return false;
      if (chosen) return chosen.includes(finding.Id);
      if (
        /^\d{12}$/.test(run.accountId) &&
        finding.AwsAccountId !== run.accountId
      )
        return false;
      if (finding.Region && finding.Region !== run.region) return false;
      return (finding.Resources ?? []).some(resource =>
        values.some(
          value =>
            typeof value === 'string' && resourceMatches(resource.Id, value),
        ),
      );
    });
    if (fixed.length === 0) return;
    this.clock.after(this.reevaluateMs, () => {
      const now = this.clock.now().toISOString();
      for (const finding of fixed) {
        finding.Compliance = { ...finding.Compliance, Status: 'PASSED' };
        finding.UpdatedAt = now;
        // Security Hub resolves a finding whose control passes, unless a person suppressed it.
        if (
          !finding.Workflow?.Status ||
          ['NEW', 'NOTIFIED'].includes(finding.Workflow.Status)
        ) {
          finding.Workflow = { ...finding.Workflow, Status: 'RESOLVED' };
        }
      }
    });
  }

  readonly operations: ServiceOperations = {
    GetFindings: input => this.getFindings(input),
    BatchUpdateFindings: (input, caller) => this.batchUpdate(input, caller),
  };

  private getFindings(input: Record<string, unknown>) {
    const maxResults = input.MaxResults ?? 100;
    if (typeof maxResults !== 'number' || maxResults < 1 || maxResults > 100) {
      throw new AwsError(
        'InvalidInputException',
        `MaxResults must be between 1 and 100, got ${JSON.stringify(
          maxResults,
        )}`,
      );
    }
    const filters = (input.Filters ?? {}) as Record<
      string,
      StringFilter[] | DateFilter[]
    >;
    for (const key of Object.keys(filters)) {
      if (!FILTER_FIELDS[key] && key !== 'UpdatedAt') {
        // Refusing a filter the fake cannot apply beats silently answering too much.
        throw new AwsError(
          'InvalidInputException',
          `The fake does not apply the filter ${key}`,
        );
      }
    }
    const now = this.clock.now();
    const selected = this.findings.filter(finding =>
      Object.entries(filters).every(([key, list]) => {
        if (!list?.length) return true;
        return key === 'UpdatedAt'
          ? matchesDateFilters(finding.UpdatedAt, list as DateFilter[], now)
          : matchesStringFilters(
              FILTER_FIELDS[key](finding),
              list as StringFilter[],
            );
      }),
    );
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(filters))
      .digest('hex')
      .slice(0, 16);
    let offset = 0;
    if (typeof input.NextToken === 'string' && input.NextToken) {
      try {
        const token = JSON.parse(
          Buffer.from(input.NextToken, 'base64url').toString(),
        );
        if (
          token.fingerprint !== fingerprint ||
          !Number.isInteger(token.offset)
        )
          throw new Error();
        offset = token.offset;
      } catch {
        throw new AwsError(
          'InvalidInputException',
          'The NextToken is invalid or belongs to a different query',
        );
      }
    }
    const next = offset + maxResults;
    return {
      Findings: selected.slice(offset, next),
      ...(next < selected.length
        ? {
            NextToken: Buffer.from(
              JSON.stringify({ offset: next, fingerprint }),
            ).toString('base64url'),
          }
        : {}),
    };
  }

  private batchUpdate(input: Record<string, unknown>, caller: CallerIdentity) {
    const identifiers = input.FindingIdentifiers as
      | Array<{ Id: string; ProductArn: string }>
      | undefined;
    if (!Array.isArray(identifiers) || identifiers.length === 0) {
      throw new AwsError(
        'InvalidInputException',
        'FindingIdentifiers is required and must not be empty',
      );
    }
    const note = input.Note as
      | { Text?: string; UpdatedBy?: string }
      | undefined;
    if (note && (!note.Text || !note.UpdatedBy)) {
      throw new AwsError(
        'InvalidInputException',
        'Note requires both Text and UpdatedBy',
      );
    }
    const workflowStatus = (input.Workflow as { Status?: string } | undefined)
      ?.Status;
    if (
      workflowStatus !== undefined &&
      !WORKFLOW_STATUSES.includes(workflowStatus)
    ) {
      throw new AwsError(
        'InvalidInputException',
        `Invalid Workflow.Status ${workflowStatus}`,
      );
    }
    const processed: Array<{ Id: string; ProductArn: string }> = [];
    const unprocessed: object[] = [];
    const now = this.clock.now().toISOString();
    for (const identifier of identifiers) {
      const finding = this.findings.find(
        f => f.Id === identifier.Id && f.ProductArn === identifier.ProductArn,
      );
      if (!finding) {
        unprocessed.push({
          FindingIdentifier: identifier,
          ErrorCode: 'FindingNotFound',
          ErrorMessage: 'Finding Not Found',
        });
        continue;
      }
      // BatchUpdateFindings leaves UpdatedAt alone: that field belongs to the finding provider.
      if (note)
        finding.Note = {
          Text: note.Text!,
          UpdatedBy: note.UpdatedBy!,
          UpdatedAt: now,
        };
      if (workflowStatus)
        finding.Workflow = { ...finding.Workflow, Status: workflowStatus };
      processed.push({ Id: identifier.Id, ProductArn: identifier.ProductArn });
    }
    this.batchUpdates.push({
      accountId: caller.accountId,
      region: caller.region,
      findingIdentifiers: identifiers,
      ...(note
        ? { note: { Text: note.Text!, UpdatedBy: note.UpdatedBy! } }
        : {}),
      ...(workflowStatus ? { workflowStatus } : {}),
      processed: processed.map(p => p.Id),
      unprocessed: identifiers
        .filter(i => !processed.some(p => p.Id === i.Id))
        .map(i => i.Id),
    });
    return { ProcessedFindings: processed, UnprocessedFindings: unprocessed };
  }
}

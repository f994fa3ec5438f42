import type { FindingTriageResult } from '@internal/plugin-securityhub-remediation-common';
import type {
  FindingTriageTarget,
  FindingsTriageUpdate,
  FindingsTriageWriter,
} from './FindingsTriageWriter';

/** A writer back to Security Hub for the findings sources it was configured with. @public */
export interface SourceTriageWriter extends FindingsTriageWriter {
  handles(sourceId: string): boolean;
}

/**
 * Sends each finding to the first writer that handles its source: ASFF
 * findings of `securityhub` sources to `BatchUpdateFindings`, OCSF findings
 * of `securityhub-ocsf` sources to `BatchUpdateFindingsV2`. Answers one
 * result per finding in the order given; a finding no writer handles fails.
 *
 * @public
 */
export class SourceRoutingTriageWriter implements SourceTriageWriter {
  readonly mode = 'securityhub' as const;

  constructor(private readonly writers: readonly SourceTriageWriter[]) {}

  handles(sourceId: string): boolean {
    return this.writers.some(w => w.handles(sourceId));
  }

  async applyTriage(
    update: FindingsTriageUpdate,
  ): Promise<FindingTriageResult[]> {
    const byWriter = new Map<SourceTriageWriter, FindingTriageTarget[]>();
    const results = new Map<string, FindingTriageResult>();
    for (const finding of update.findings) {
      const writer = this.writers.find(w => w.handles(finding.sourceId));
      if (!writer) {
        results.set(finding.findingId, {
          findingId: finding.findingId,
          status: 'failed',
          reason: `No Security Hub source '${finding.sourceId}' is configured to write this finding back`,
        });
        continue;
      }
      byWriter.set(writer, [...(byWriter.get(writer) ?? []), finding]);
    }
    const answers = await Promise.all(
      [...byWriter].map(([writer, findings]) =>
        writer.applyTriage({ ...update, findings }),
      ),
    );
    for (const result of answers.flat()) results.set(result.findingId, result);
    return update.findings.map(f => results.get(f.findingId)!);
  }
}

import { z } from 'zod';
import { InputError } from '@backstage/errors';
import type {
  FindingVerifier,
  LocalFindingsUpdater,
  VerificationResult,
  VerifyRequest,
} from '../ports';

const verifyRequestSchema = z.object({
  remediationId: z.string().min(1),
  findingId: z.string().min(1),
  controlId: z.string().min(1),
  accountId: z.string().min(1),
  region: z.string().min(1),
  resourceId: z.string().optional(),
  automationExecutionId: z.string().min(1),
});

/**
 * {@link FindingVerifier} for local runs: nothing changed in AWS, so there
 * is nothing to re-read there; the portal's own copy of the finding is
 * marked PASSED, with a note saying a local run did it.
 */
export class LocalFindingVerifier implements FindingVerifier {
  readonly mode = 'local' as const;

  constructor(private readonly options: { updater: LocalFindingsUpdater }) {}

  async verify(request: VerifyRequest): Promise<VerificationResult> {
    const parsed = verifyRequestSchema.safeParse(request);
    if (!parsed.success) {
      throw new InputError(
        `Invalid verification request: ${parsed.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const { remediationId, automationExecutionId, findingId } = parsed.data;
    const note = `Marked PASSED by a local run of remediation ${remediationId} (automation execution ${automationExecutionId}); nothing was changed in AWS and Security Hub was not re-read.`;
    const complianceStatus = await this.options.updater.markPassedLocally(
      findingId,
      note,
    );
    return {
      complianceStatus,
      at: new Date().toISOString(),
      mode: 'local',
      note,
      final: true,
    };
  }
}

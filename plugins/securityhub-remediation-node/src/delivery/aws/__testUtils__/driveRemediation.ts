import type { PipelineExecution, VerificationResult } from '../../ports';
import type { AwsDelivery } from '../awsDeliveryFromConfig';
import { MEMBER_ACCOUNT, MEMBER_REGION } from './awsDeliveryScenario';

/*
 * A remediation's path through the four AWS ports, driven the way the
 * backend's follow-up drives it (look, act once, look again), without the
 * database: for wire tests and the delivery benchmark.
 */

export interface DrivenRemediation {
  commitId: string;
  executionId: string;
  automationExecutionId: string;
  verification: VerificationResult;
  /** Milliseconds spent inside AWS calls made by the ports (not waiting). */
  callMs: number;
  /** Wall-clock milliseconds from staging to the final verification. */
  totalMs: number;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

export async function driveRemediation(
  delivery: AwsDelivery,
  remediation: {
    id: string;
    name: string;
    templateYaml: string;
    files: Array<{ path: string; content: string }>;
    findingId: string;
    parameters: Record<string, string[]>;
  },
  options: { pollMs?: number; timeoutMs?: number; approver?: string } = {},
): Promise<DrivenRemediation> {
  const pollMs = options.pollMs ?? 20;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const started = Date.now();
  let callMs = 0;
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const at = performance.now();
    try {
      return await call();
    } finally {
      callMs += performance.now() - at;
    }
  };
  const until = async <T>(
    what: string,
    look: () => Promise<T | undefined>,
  ): Promise<T> => {
    for (;;) {
      const value = await timed(look);
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${what}`);
      await sleep(pollMs);
    }
  };
  const stage = (execution: PipelineExecution, name: string) =>
    execution.stages.find(s => s.name === name);

  const staged = await timed(() =>
    delivery.repository.stage({
      files: remediation.files,
      message: `Remediate ${remediation.name}`,
      author: { name: 'Dana Ops', email: 'dana@example.com' },
    }),
  );
  const found = await until('the pipeline execution', () =>
    delivery.pipeline.findExecution(staged.commitId),
  );
  const token = await until('the approval token', async () => {
    const execution = await delivery.pipeline.getExecution(found.id);
    if (execution.status === 'Failed') {
      throw new Error(
        `The pipeline failed: ${JSON.stringify(execution.stages)}`,
      );
    }
    return stage(execution, 'Approval')?.approvalToken;
  });
  await timed(() =>
    delivery.pipeline.decide({
      executionId: found.id,
      token,
      decision: 'approve',
      comment: 'Reviewed',
      by: options.approver ?? 'user:default/dana.ops',
    }),
  );
  await until('the deploy', async () => {
    const execution = await delivery.pipeline.getExecution(found.id);
    if (execution.status === 'Failed') {
      throw new Error(
        `The pipeline failed: ${JSON.stringify(execution.stages)}`,
      );
    }
    return stage(execution, 'Deploy')?.plan?.applied ? execution : undefined;
  });
  const where = { accountId: MEMBER_ACCOUNT, region: MEMBER_REGION };
  const { executionId: automationExecutionId } = await timed(() =>
    delivery.runner.start({
      clientToken: remediation.id,
      documentName: remediation.name,
      parameters: remediation.parameters,
      ...where,
      templateYaml: remediation.templateYaml,
    }),
  );
  await until('the automation', async () => {
    const run = await delivery.runner.get(automationExecutionId, where);
    if (['Failed', 'Cancelled', 'TimedOut'].includes(run.status)) {
      throw new Error(
        `The automation ended ${run.status}: ${run.failureMessage}`,
      );
    }
    return run.status === 'Success' ? run : undefined;
  });
  const since = new Date().toISOString();
  const verification = await until('the verification', async () => {
    const result = await delivery.verifier.verify({
      remediationId: remediation.id,
      findingId: remediation.findingId,
      controlId: 'S3.5',
      ...where,
      automationExecutionId,
      since,
    });
    return result.final ? result : undefined;
  });
  return {
    commitId: staged.commitId,
    executionId: found.id,
    automationExecutionId,
    verification,
    callMs,
    totalMs: Date.now() - started,
  };
}

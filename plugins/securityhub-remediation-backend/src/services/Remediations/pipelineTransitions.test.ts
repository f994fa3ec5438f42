import type {
  PipelineExecution,
  PipelineStageState,
} from '@internal/plugin-securityhub-remediation-node';
import type { RemediationRecord } from './RemediationStore';
import { approvalStep, validationStep } from './pipelineTransitions';
import { newRecord } from './__testUtils__/records';

const AT = '2026-12-01T10:00:00.000Z';
const record = (status: RemediationRecord['status'], approvalToken?: string) =>
  ({
    ...newRecord({ status }),
    version: 1,
    approvalToken,
  } as RemediationRecord);

function execution(
  approval: Partial<PipelineStageState>,
  status: PipelineExecution['status'] = 'InProgress',
): PipelineExecution {
  return {
    id: 'e-1',
    commitId: 'c'.repeat(40),
    status,
    mode: 'aws',
    stages: [
      { name: 'Source', status: 'Succeeded' },
      { name: 'Validate', status: 'Succeeded', summary: 'cfn-lint clean' },
      { name: 'Approval', status: 'NotStarted', ...approval },
      { name: 'Deploy', status: 'NotStarted' },
    ],
  };
}

describe('pipeline transitions', () => {
  it('moves past validation when the approval was decided before the portal saw it wait', () => {
    // e.g. approved from the notification email between two looks.
    const transition = validationStep(
      record('validating'),
      execution({ status: 'Succeeded' }),
      AT,
    );
    expect(transition?.status).toBe('awaiting_approval');
    expect(transition?.patch).toEqual({ approvalToken: null });
    const next = approvalStep(
      record('awaiting_approval'),
      execution({ status: 'Succeeded', summary: 'ok' }),
      AT,
    );
    expect(next?.status).toBe('deploying');
    expect(next?.patch?.approval).toMatchObject({
      decision: 'approved',
      by: 'pipeline',
    });
  });

  it('stays in validation while the approval has not started', () => {
    expect(
      validationStep(record('validating'), execution({}, 'InProgress'), AT),
    ).toBeUndefined();
  });

  it('fails the approval stage of an expired approval, with the pipeline’s reason', () => {
    const transition = approvalStep(
      record('awaiting_approval', 'token-1'),
      execution(
        {
          status: 'Failed',
          error: 'The approval expired before anyone decided',
        },
        'Failed',
      ),
      AT,
    );
    expect(transition).toMatchObject({
      status: 'failed',
      patch: {
        error: {
          stage: 'approval',
          message: 'The approval expired before anyone decided',
        },
        approvalToken: null,
      },
    });
  });

  it('fails the approval of an execution that ended while it waited (stopped, superseded)', () => {
    const transition = approvalStep(
      record('awaiting_approval', 'token-1'),
      execution({ status: 'InProgress' }, 'Failed'),
      AT,
    );
    expect(transition).toMatchObject({
      status: 'failed',
      patch: {
        error: {
          stage: 'approval',
          message: 'The pipeline execution ended before a decision',
        },
      },
    });
  });
});

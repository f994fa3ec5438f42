import {
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { SecurityHubFindingVerifier } from './SecurityHubFindingVerifier';

const securityHub = mockClient(SecurityHubClient);
const FINDING =
  'arn:aws:securityhub:eu-west-1:222222222222:security-control/S3.5/finding/1';
const PRODUCT = 'arn:aws:securityhub:eu-west-1::product/aws/securityhub';
const NOW = new Date('2026-12-01T12:00:00Z');

function verifier(
  options: Partial<
    ConstructorParameters<typeof SecurityHubFindingVerifier>[0]
  > = {},
) {
  const accounts: string[] = [];
  const instance = new SecurityHubFindingVerifier({
    client: async where => {
      accounts.push(`${where.accountId}/${where.region}`);
      return new SecurityHubClient({ region: where.region });
    },
    workflowStatus: 'RESOLVED',
    timeoutMs: 60 * 60_000,
    remediationUrl: id =>
      `https://portal.example.com/securityhub/remediations/${id}`,
    now: () => NOW,
    ...options,
  });
  return { verifier: instance, accounts };
}

const request = (since?: string) => ({
  remediationId: 'rem-1',
  findingId: FINDING,
  controlId: 'S3.5',
  accountId: '222222222222',
  region: 'eu-west-1',
  automationExecutionId: 'exec-1',
  since,
});

const finding = (status: string, extra: object = {}) => ({
  Findings: [
    {
      Id: FINDING,
      ProductArn: PRODUCT,
      UpdatedAt: '2026-12-01T11:59:00Z',
      Compliance: { Status: status },
      RecordState: 'ACTIVE',
      ...extra,
    } as never,
  ],
});

describe('SecurityHubFindingVerifier', () => {
  beforeEach(() => securityHub.reset());

  it('notes a PASSED finding with a link back and sets its workflow', async () => {
    securityHub.on(GetFindingsCommand).resolves(finding('PASSED'));
    securityHub.on(BatchUpdateFindingsCommand).resolves({
      ProcessedFindings: [{ Id: FINDING, ProductArn: PRODUCT }],
      UnprocessedFindings: [],
    });
    const { verifier: v, accounts } = verifier();
    const result = await v.verify(request());
    expect(result).toMatchObject({
      complianceStatus: 'PASSED',
      final: true,
      mode: 'aws',
    });
    expect(accounts).toEqual(['222222222222/eu-west-1']);
    expect(securityHub).toHaveReceivedCommandWith(GetFindingsCommand, {
      Filters: { Id: [{ Value: FINDING, Comparison: 'EQUALS' }] },
      MaxResults: 1,
    });
    expect(securityHub).toHaveReceivedCommandWith(BatchUpdateFindingsCommand, {
      FindingIdentifiers: [{ Id: FINDING, ProductArn: PRODUCT }],
      Note: {
        Text: 'Remediated from the developer portal: remediation rem-1, automation exec-1, https://portal.example.com/securityhub/remediations/rem-1',
        UpdatedBy: 'securityhub-remediation',
      },
      Workflow: { Status: 'RESOLVED' },
    });
  });

  it('keeps waiting, saying for what, while Security Hub still reports FAILED', async () => {
    securityHub.on(GetFindingsCommand).resolves(finding('FAILED'));
    const result = await verifier().verifier.verify(
      request('2026-12-01T11:30:00Z'),
    );
    expect(result).toMatchObject({ complianceStatus: 'FAILED', final: false });
    expect(result.note).toMatch(
      /re-evaluates a control when AWS Config records the change/,
    );
    expect(securityHub).not.toHaveReceivedCommand(BatchUpdateFindingsCommand);
  });

  it('gives up after its timeout, with the wait in the note', async () => {
    securityHub.on(GetFindingsCommand).resolves(finding('FAILED'));
    const result = await verifier().verifier.verify(
      request('2026-12-01T10:30:00Z'),
    );
    expect(result).toMatchObject({ complianceStatus: 'FAILED', final: true });
    expect(result.note).toMatch(/still reports FAILED after 90 min/);
  });

  it('ends at once when the finding was archived', async () => {
    securityHub
      .on(GetFindingsCommand)
      .resolves(finding('FAILED', { RecordState: 'ARCHIVED' }));
    await expect(verifier().verifier.verify(request())).resolves.toMatchObject({
      final: true,
      complianceStatus: 'FAILED',
    });
  });

  it('fails the call when Security Hub did not process the update', async () => {
    securityHub.on(GetFindingsCommand).resolves(finding('PASSED'));
    securityHub.on(BatchUpdateFindingsCommand).resolves({
      ProcessedFindings: [],
      UnprocessedFindings: [
        {
          FindingIdentifier: { Id: FINDING, ProductArn: PRODUCT },
          ErrorCode: 'FindingNotFound',
          ErrorMessage: 'gone',
        },
      ],
    });
    await expect(verifier().verifier.verify(request())).rejects.toThrow(
      /BatchUpdateFindings did not update .*FindingNotFound: gone/,
    );
  });

  it('reads through a delegated administrator and leaves the workflow when told', async () => {
    securityHub.on(GetFindingsCommand).resolves(finding('PASSED'));
    securityHub
      .on(BatchUpdateFindingsCommand)
      .resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
    const { verifier: v, accounts } = verifier({
      accountId: '999999999999',
      workflowStatus: undefined,
    });
    await v.verify(request());
    expect(accounts).toEqual(['999999999999/eu-west-1']);
    const input = securityHub.commandCalls(BatchUpdateFindingsCommand)[0]
      .args[0].input;
    expect(input.Workflow).toBeUndefined();
  });
});

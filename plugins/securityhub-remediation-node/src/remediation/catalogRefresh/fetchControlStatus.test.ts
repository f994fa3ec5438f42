import {
  BatchGetSecurityControlsCommand,
  SecurityHubClient,
  type BatchGetSecurityControlsCommandInput,
  type SecurityControl,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ControlCatalogRefreshError } from './ControlCatalogRefreshError';
import {
  fetchControlStatus,
  MISSING_FROM_RESPONSE,
} from './fetchControlStatus';
import { REGION, credentials, throttlingError } from './__testUtils__/fixtures';

const ids = Array.from({ length: 230 }, (_, i) => `Svc.${i + 1}`);

function sdkControl(id: string, overrides: Partial<SecurityControl> = {}) {
  return {
    SecurityControlId: id,
    SecurityControlArn: `arn:aws:securityhub:${REGION}:111122223333:security-control/${id}`,
    Title: `${id} title`,
    Description: '',
    RemediationUrl: '',
    SeverityRating: 'HIGH',
    SecurityControlStatus: 'ENABLED',
    UpdateStatus: 'READY',
    ...overrides,
  } as SecurityControl;
}

describe('fetchControlStatus', () => {
  const client = new SecurityHubClient({ region: REGION, credentials });
  const mock = mockClient(client);
  let sent: BatchGetSecurityControlsCommandInput[];

  beforeEach(() => {
    mock.reset();
    sent = [];
  });

  function serveAll() {
    mock
      .on(BatchGetSecurityControlsCommand)
      .callsFake((input: BatchGetSecurityControlsCommandInput) => {
        sent.push(structuredClone(input));
        return {
          SecurityControls: (input.SecurityControlIds ?? []).map(id =>
            sdkControl(id),
          ),
        };
      });
  }

  it('asks for 230 ids in chunks of 100, 100 and 30, in order', async () => {
    serveAll();
    const result = await fetchControlStatus(client, ids);
    expect(sent).toEqual([
      { SecurityControlIds: ids.slice(0, 100) },
      { SecurityControlIds: ids.slice(100, 200) },
      { SecurityControlIds: ids.slice(200) },
    ]);
    expect(result.controls.map(c => c.id)).toEqual(ids);
    expect(result.unprocessed).toEqual([]);
  });

  it('maps status, update status, lowercased severity and parameters', async () => {
    const parameters = {
      maxDays: { ValueType: 'CUSTOM', Value: { Integer: 90 } },
    } as SecurityControl['Parameters'];
    mock.on(BatchGetSecurityControlsCommand).resolves({
      SecurityControls: [
        sdkControl('IAM.3', {
          SecurityControlStatus: 'DISABLED',
          UpdateStatus: 'UPDATING',
          SeverityRating: 'MEDIUM',
          Parameters: parameters,
        }),
        sdkControl('S3.5'),
      ],
    });
    const { controls } = await fetchControlStatus(client, ['IAM.3', 'S3.5']);
    expect(controls).toEqual([
      {
        id: 'IAM.3',
        status: 'DISABLED',
        updateStatus: 'UPDATING',
        title: 'IAM.3 title',
        severity: 'medium',
        parameters,
      },
      {
        id: 'S3.5',
        status: 'ENABLED',
        updateStatus: 'READY',
        title: 'S3.5 title',
        severity: 'high',
      },
    ]);
  });

  it('reports unprocessed ids and ids the response left out; asks for a repeated id once', async () => {
    mock.on(BatchGetSecurityControlsCommand).resolves({
      SecurityControls: [sdkControl('S3.5')],
      UnprocessedIds: [
        {
          SecurityControlId: 'Nope.1',
          ErrorCode: 'NOT_FOUND',
          ErrorReason: 'No such control',
        },
      ],
    });
    const result = await fetchControlStatus(client, [
      'S3.5',
      'Nope.1',
      'S3.5',
      'Lost.2',
    ]);
    expect(mock).toHaveReceivedCommandWith(BatchGetSecurityControlsCommand, {
      SecurityControlIds: ['S3.5', 'Nope.1', 'Lost.2'],
    });
    expect(result.controls.map(c => c.id)).toEqual(['S3.5']);
    expect(result.unprocessed).toEqual([
      { id: 'Nope.1', errorCode: 'NOT_FOUND', reason: 'No such control' },
      { id: 'Lost.2', errorCode: MISSING_FROM_RESPONSE },
    ]);
  });

  it('sends nothing for no ids', async () => {
    expect(await fetchControlStatus(client, [])).toEqual({
      controls: [],
      unprocessed: [],
    });
    expect(mock).toHaveReceivedCommandTimes(BatchGetSecurityControlsCommand, 0);
  });

  it('throws naming the id range of a chunk still throttled after the last retry', async () => {
    mock
      .on(BatchGetSecurityControlsCommand)
      .resolvesOnce({
        SecurityControls: ids.slice(0, 100).map(id => sdkControl(id)),
      })
      .rejectsOnce(throttlingError());
    const failure = await fetchControlStatus(client, ids).catch(e => e);
    expect(failure).toBeInstanceOf(ControlCatalogRefreshError);
    expect(failure.message).toBe(
      'Security Hub BatchGetSecurityControls failed for ids 101-200 of 230 (Svc.101 … Svc.200) after 8 attempt(s) (HTTP 429); caused by TooManyRequestsException: Rate exceeded',
    );
    expect(failure.details).toEqual({
      operation: 'BatchGetSecurityControls',
      idRange: { from: 101, to: 200, total: 230 },
      firstId: 'Svc.101',
      lastId: 'Svc.200',
      attempts: 8,
      httpStatusCode: 429,
    });
    // The third chunk is not sent after a failure.
    expect(mock).toHaveReceivedCommandTimes(BatchGetSecurityControlsCommand, 2);
  });
});

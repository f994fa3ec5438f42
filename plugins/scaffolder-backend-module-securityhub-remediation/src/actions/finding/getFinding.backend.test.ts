import {
  actionContext,
  outputsOf,
  scaffolderAuth,
} from '../../__testUtils__/actionContext';
import {
  FindingsBackend,
  findingDetail,
} from '../../__testUtils__/findingsBackend';
import { createGetFindingAction } from './getFinding';

const FINDING_ID =
  'arn:aws:securityhub:us-east-1:111122223333:security-control/S3.5/finding/7f3c1e2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b';
const FINDINGS_PATH = '/api/securityhub-remediation/v1/findings';

/** The action against a real HTTP server routed like the backend. */
describe('securityhub:finding:get against the findings routes', () => {
  const backend = new FindingsBackend();
  const action = createGetFindingAction({
    discovery: backend.discovery,
    auth: scaffolderAuth(),
  });

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(() => backend.reset());

  it('reads the finding from the id route', async () => {
    backend.findings.set(FINDING_ID, findingDetail());
    const ctx = actionContext({ findingId: FINDING_ID });

    await action.handler(ctx);

    expect(backend.paths).toEqual([
      `${FINDINGS_PATH}/${encodeURIComponent(FINDING_ID)}`,
    ]);
    expect(outputsOf(ctx)).toMatchObject({
      findingId: FINDING_ID,
      controlId: 'S3.5',
    });
  });

  // The scaffolder keeps an action error's name, and the error handler maps
  // it: NotFoundError/NotAllowedError make a dry-run answer 404/403 with the
  // message, where a plain Error made it answer 500.
  describe.each([
    ['a dry-run', true],
    ['a run', false],
  ])('in %s', (_, isDryRun) => {
    it('fails with a not-found error naming the finding', async () => {
      const ctx = actionContext({ findingId: FINDING_ID }, { isDryRun });

      const error = await action.handler(ctx).catch(e => e);

      expect(error).toMatchObject({
        name: 'NotFoundError',
        message: `Finding ${FINDING_ID} was not found or is not visible to you: check the id, or ask for read access to the findings of its AWS account`,
      });
      expect(ctx.output).not.toHaveBeenCalled();
    });

    it('fails with a not-allowed error when the user may not read findings', async () => {
      backend.findings.set(FINDING_ID, findingDetail());
      backend.denied = true;
      const ctx = actionContext({ findingId: FINDING_ID }, { isDryRun });

      const error = await action.handler(ctx).catch(e => e);

      expect(error).toMatchObject({
        name: 'NotAllowedError',
        message: `You may not read Security Hub findings, so finding ${FINDING_ID} cannot be read: ask for the securityhub.finding.read permission`,
      });
      expect(ctx.output).not.toHaveBeenCalled();
    });

    it('fails with an input error for a blank id', async () => {
      const ctx = actionContext({ findingId: '  ' }, { isDryRun });

      await expect(action.handler(ctx)).rejects.toMatchObject({
        name: 'InputError',
      });
      expect(backend.paths).toEqual([]);
    });
  });

  it.each([
    ['summary', /that is the findings API's summary route, not a finding id/],
    ['Summary', /that is the findings API's summary route/],
    ['SUMMARY', /that is the findings API's summary route/],
    ['.', /a URL cannot carry a dot segment as a finding id/],
    ['..', /a URL cannot carry a dot segment as a finding id/],
  ])(
    'refuses the id %j, which would select another route, without a request',
    async (findingId, message) => {
      const ctx = actionContext({ findingId });

      const error = await action.handler(ctx).catch(e => e);

      expect(error.name).toBe('InputError');
      expect(error.message).toMatch(message);
      expect(backend.paths).toEqual([]);
      expect(ctx.output).not.toHaveBeenCalled();
    },
  );

  it.each(['acme-scanner/summary/42', 'summary-7f3c', 'a..b', '...'])(
    'reads a finding whose id only contains such a word: %j',
    async findingId => {
      backend.findings.set(findingId, findingDetail({ id: findingId }));
      const ctx = actionContext({ findingId });

      await action.handler(ctx);

      expect(backend.paths).toEqual([
        `${FINDINGS_PATH}/${encodeURIComponent(findingId)}`,
      ]);
      expect(outputsOf(ctx).findingId).toBe(findingId);
    },
  );

  it('does not output an answer that is another finding', async () => {
    backend.findings.set(
      FINDING_ID,
      findingDetail({ id: 'arn:aws:securityhub:us-east-1:1:other' }),
    );
    const ctx = actionContext({ findingId: FINDING_ID });

    await expect(action.handler(ctx)).rejects.toThrow(
      `answered finding ${FINDING_ID} with finding arn:aws:securityhub:us-east-1:1:other`,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });
});

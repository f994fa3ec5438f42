import type { RemediationEngine } from '../../remediation/engine/RemediationEngine';
import { demoFindingOf, readFindingFrom } from './__testUtils__/findingDetails';
import { expectValidEvents, testEngines } from './__testUtils__/toolboxTestKit';
import { createChatToolbox } from './createChatToolbox';

let engine: RemediationEngine;

beforeAll(async () => {
  ({ engine } = await testEngines());
});

describe('find_control', () => {
  it('ranks controls for a description and cites the best with its documentation', async () => {
    const toolbox = createChatToolbox({
      engine,
      readFinding: readFindingFrom([]),
    });
    const outcome = await toolbox.execute('find_control', {
      text: 'database migration service replication instances should not be public',
    });
    expectValidEvents(outcome);
    expect(outcome.step).toMatchObject({
      name: 'find_control',
      status: 'succeeded',
    });
    expect(outcome.step.durationMs).toBeGreaterThanOrEqual(0);
    const output = outcome.output as {
      controls: Array<{
        controlId: string;
        score: number;
        evidence: unknown[];
      }>;
    };
    expect(output.controls[0].controlId).toBe('DMS.1');
    expect(output.controls[0].evidence.length).toBeGreaterThan(0);
    expect(outcome.citations[0]).toMatchObject({
      id: 'control:DMS.1',
      source: 'control-catalog',
      url: 'https://docs.aws.amazon.com/console/securityhub/DMS.1/remediation',
    });
  });

  it('reads the finding as the user and ranks its control first', async () => {
    const finding = demoFindingOf('EC2.19');
    const readFinding = readFindingFrom([finding]);
    const toolbox = createChatToolbox({ engine, readFinding });
    const outcome = await toolbox.execute('find_control', {
      findingId: finding.id,
      limit: 2,
    });
    expectValidEvents(outcome);
    expect(readFinding).toHaveBeenCalledWith(finding.id);
    const output = outcome.output as {
      controls: Array<{ controlId: string; score: number }>;
    };
    expect(output.controls[0]).toMatchObject({
      controlId: 'EC2.19',
      score: 1,
    });
    expect(output.controls.length).toBeLessThanOrEqual(2);
    // an exact id is cited alone
    expect(outcome.citations.map(c => c.id)).toEqual(['control:EC2.19']);
  });

  it('answers "not found" for a finding outside the user\'s scope, and for a denied read', async () => {
    const denied = Object.assign(new Error('denied: owned by team x'), {
      name: 'NotAllowedError',
    });
    for (const readFinding of [
      readFindingFrom([]),
      jest.fn(async () => Promise.reject(denied)),
    ]) {
      const toolbox = createChatToolbox({ engine, readFinding });
      const outcome = await toolbox.execute('find_control', {
        findingId: 'arn:aws:securityhub:us-east-1:999999999999:finding/x',
      });
      expect(outcome.step.status).toBe('failed');
      expect(outcome.step.error).toBe('no finding with that id in your scope');
      expect(JSON.stringify(outcome)).not.toContain('team x');
      expect(outcome.citations).toEqual([]);
    }
  });

  it('coerces a limit sent as a string (Bedrock parameters) and refuses bad input', async () => {
    const toolbox = createChatToolbox({
      engine,
      readFinding: readFindingFrom([]),
    });
    const coerced = await toolbox.execute('find_control', {
      text: 'kms key rotation',
      limit: '2',
    });
    expect((coerced.output as { controls: unknown[] }).controls).toHaveLength(
      2,
    );

    const neither = await toolbox.execute('find_control', { limit: 3 });
    expect(neither.step.status).toBe('failed');
    expect(neither.step.error).toMatch(/^invalid input: .*text or findingId/);

    const tooMany = await toolbox.execute('find_control', {
      text: 'kms',
      limit: 11,
    });
    expect(tooMany.step.error).toMatch(/limit: must be at most 10/);

    const extra = await toolbox.execute('find_control', {
      text: 'kms',
      approve: true,
    });
    expect(extra.step.error).toMatch(/Unrecognized key.*approve/);
  });
});

import { readFileSync } from 'fs';
import { resolve } from 'path';
import {
  checkProposal,
  MAX_PROPOSAL_BYTES,
  repairFeedback,
} from './checkProposal';

const fixture = (name: string) =>
  readFileSync(resolve(__dirname, '../validation/__fixtures__', name), 'utf8');

describe('checkProposal', () => {
  const valid = fixture('valid/s3-bucket-encryption-template.yaml');
  const broken = fixture('broken/unknown-api.yaml');

  it('accepts a valid proposal in one round', async () => {
    const repair = jest.fn();
    const outcome = await checkProposal({
      text: valid,
      fileName: 'p.yaml',
      repair,
    });
    expect(outcome).toMatchObject({ accepted: true });
    expect(outcome.rounds).toHaveLength(1);
    expect(repair).not.toHaveBeenCalled();
  });

  it('hands the errors back and accepts the repaired version', async () => {
    const repair = jest.fn(
      async (_previous: string, _feedback: string) => valid,
    );
    const outcome = await checkProposal({
      text: broken,
      fileName: 'p.yaml',
      repair,
    });
    expect(outcome.accepted).toBe(true);
    expect(outcome.rounds.map(r => r.report.valid)).toEqual([false, true]);
    const [previous, feedback] = repair.mock.calls[0];
    expect(previous).toBe(broken);
    expect(feedback).toMatch(/^1\. \[[a-z-]+\] at \S+: /);
  });

  it('gives up after the bounded number of rounds, with the last errors', async () => {
    const repair = jest.fn(async () => broken);
    const outcome = await checkProposal({
      text: broken,
      fileName: 'p.yaml',
      repair,
      maxRounds: 3,
    });
    expect(outcome.accepted).toBe(false);
    expect(outcome.rounds).toHaveLength(3);
    expect(repair).toHaveBeenCalledTimes(2);
    if (outcome.accepted) throw new Error('accepted');
    expect(outcome.reason).toMatch(/still invalid after 3 validation rounds/);
  });

  it('rejects an oversized proposal without parsing it', async () => {
    const outcome = await checkProposal({
      text: 'x'.repeat(MAX_PROPOSAL_BYTES + 1),
      fileName: 'p.yaml',
    });
    expect(outcome.accepted).toBe(false);
    expect(outcome.rounds[0].report.problems[0].rule).toBe('proposal-size');
  });

  it('formats only errors as feedback', () => {
    expect(
      repairFeedback([
        { rule: 'a', path: 'x', message: 'bad', severity: 'error' },
        { rule: 'b', path: 'y', message: 'meh', severity: 'warning' },
      ]),
    ).toBe('1. [a] at x: bad');
  });
});

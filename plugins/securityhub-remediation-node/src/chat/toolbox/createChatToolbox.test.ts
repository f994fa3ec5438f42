import type { RemediationEngine } from '../../remediation/engine/RemediationEngine';
import { readFindingFrom } from './__testUtils__/findingDetails';
import {
  VALID_TEMPLATE,
  expectValidEvents,
  testEngines,
} from './__testUtils__/toolboxTestKit';
import { createChatToolbox } from './createChatToolbox';

let engine: RemediationEngine;

beforeAll(async () => {
  ({ engine } = await testEngines());
});

describe('createChatToolbox', () => {
  it('refuses an unknown action, naming the allowed ones, and runs nothing', async () => {
    const readFinding = readFindingFrom([]);
    const toolbox = createChatToolbox({ engine, readFinding });
    const outcome = await toolbox.execute('approve_remediation', {
      findingId: 'x',
    });
    expectValidEvents(outcome);
    expect(outcome.step.status).toBe('failed');
    expect(outcome.step.error).toBe(
      'unknown action "approve_remediation"; the allowed actions are find_control, read_finding, render_remediation, validate_template',
    );
    expect(readFinding).not.toHaveBeenCalled();
    expect(outcome.proposal).toBeUndefined();
  });

  it('fails every call after the budget, and gives each step its own id', async () => {
    const readFinding = readFindingFrom([]);
    const toolbox = createChatToolbox({ engine, readFinding, maxCalls: 3 });
    const outcomes = [];
    for (let i = 0; i < 5; i++) {
      outcomes.push(
        await toolbox.execute('render_remediation', { controlId: 'S3.5' }),
      );
    }
    expect(outcomes.slice(0, 3).every(o => o.step.status === 'succeeded')).toBe(
      true,
    );
    for (const over of outcomes.slice(3)) {
      expect(over.step.status).toBe('failed');
      expect(over.step.error).toMatch(
        /action budget used up: at most 3 actions/,
      );
      expect(over.proposal).toBeUndefined();
    }
    expect(new Set(outcomes.map(o => o.step.id)).size).toBe(5);
  });

  it('shows long inputs shortened in the step', async () => {
    const toolbox = createChatToolbox({
      engine,
      readFinding: readFindingFrom([]),
    });
    const outcome = await toolbox.execute('validate_template', {
      controlId: 'S3.9',
      templateYaml: `${VALID_TEMPLATE}#${' padding'.repeat(500)}\n`,
    });
    expect(String(outcome.step.input.templateYaml).length).toBeLessThanOrEqual(
      500,
    );
    expect(outcome.proposal!.templateYaml!.length).toBeGreaterThan(4000);
  });
});

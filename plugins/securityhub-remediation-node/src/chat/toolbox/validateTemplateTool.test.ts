import type { RemediationEngine } from '../../remediation/engine/RemediationEngine';
import { readFindingFrom } from './__testUtils__/findingDetails';
import {
  INVALID_TEMPLATE,
  VALID_TEMPLATE,
  expectValidEvents,
  testEngines,
} from './__testUtils__/toolboxTestKit';
import { createChatToolbox } from './createChatToolbox';

let engine: RemediationEngine;

beforeAll(async () => {
  ({ engine } = await testEngines());
});

describe('validate_template', () => {
  it('hands errors back for repair, then proposes the valid template with every round', async () => {
    const toolbox = createChatToolbox({
      engine,
      readFinding: readFindingFrom([]),
    });
    const first = await toolbox.execute('validate_template', {
      controlId: 'S3.9',
      templateYaml: INVALID_TEMPLATE,
    });
    expectValidEvents(first);
    expect(first.step.status).toBe('succeeded');
    expect(first.proposal).toBeUndefined();
    expect(first.output).toMatchObject({
      valid: false,
      round: 1,
      roundsLeft: 2,
    });
    expect((first.output as { feedback: string }).feedback).toMatch(
      /^1\. \[cfn-unknown-property\] at Resources\.LoggedBucket.*LogFilePrefixx/,
    );

    const second = await toolbox.execute('validate_template', {
      controlId: 'S3.9',
      templateYaml: VALID_TEMPLATE,
    });
    expectValidEvents(second);
    expect(second.proposal).toMatchObject({
      automationKind: 'model-written',
      controlId: 'S3.9',
      name: 'SecHubRemediation-S3-9',
      templateYaml: VALID_TEMPLATE,
      validation: { valid: true, kind: 'template' },
    });
    expect(second.proposal!.rounds).toEqual([
      {
        round: 1,
        valid: false,
        problems: [expect.objectContaining({ rule: 'cfn-unknown-property' })],
      },
      { round: 2, valid: true, problems: [] },
    ]);
  });

  it('refuses an Automation document and stops after the last round', async () => {
    const toolbox = createChatToolbox({
      engine,
      readFinding: readFindingFrom([]),
      maxRepairRounds: 2,
    });
    const document = await toolbox.execute('validate_template', {
      controlId: 'S3.9',
      templateYaml:
        "schemaVersion: '0.3'\nmainSteps:\n  - name: wait\n    action: aws:sleep\n    inputs: { Duration: PT1S }\n",
    });
    expect(document.output).toMatchObject({ valid: false, roundsLeft: 1 });
    expect(document.proposal).toBeUndefined();
    const parseError = await toolbox.execute('validate_template', {
      controlId: 'S3.9',
      templateYaml: 'Resources: [',
    });
    expect(parseError.output).toMatchObject({ valid: false, roundsLeft: 0 });
    const exhausted = await toolbox.execute('validate_template', {
      controlId: 'S3.9',
      templateYaml: VALID_TEMPLATE,
    });
    expect(exhausted.step.status).toBe('failed');
    expect(exhausted.step.error).toBe(
      'no more validation rounds: the template could not be made valid',
    );
    expect(exhausted.proposal).toBeUndefined();
  });
});

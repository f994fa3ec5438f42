import type { RemediationEngine } from '../../remediation/engine/RemediationEngine';
import { listControls } from '@internal/plugin-securityhub-remediation-common';
import { UNTRUSTED_OPEN } from '../untrusted';
import { demoFindingOf, readFindingFrom } from './__testUtils__/findingDetails';
import { expectValidEvents, testEngines } from './__testUtils__/toolboxTestKit';
import { createChatToolbox } from './createChatToolbox';

let engine: RemediationEngine;
let asrEngine: RemediationEngine;

beforeAll(async () => {
  ({ engine, asrEngine } = await testEngines());
});

describe('render_remediation', () => {
  it('renders an AWS runbook with parameters from the finding and validates it', async () => {
    const finding = demoFindingOf('EC2.19');
    const toolbox = createChatToolbox({
      engine,
      readFinding: readFindingFrom([finding]),
    });
    const outcome = await toolbox.execute('render_remediation', {
      controlId: 'ec2.19',
      findingId: finding.id,
    });
    expectValidEvents(outcome);
    expect(outcome.proposal).toMatchObject({
      controlId: 'EC2.19',
      automationKind: 'aws-runbook',
      findingId: finding.id,
      missingParameters: [],
      validation: { valid: true, kind: 'template' },
    });
    expect(outcome.proposal!.runbook).toMatch(/^AWS/);
    expect(outcome.proposal!.parametersJson).toContain(finding.resourceId!);
    const output = outcome.output as Record<string, unknown>;
    expect(output.kind).toBe('aws-runbook');
    expect(String(output.parameters).startsWith(UNTRUSTED_OPEN)).toBe(true);
    expect(outcome.citations.map(c => c.source)).toEqual([
      'control-catalog',
      'aws-runbook',
    ]);
    expect(outcome.citations[1].url).toMatch(
      /^https:\/\/docs\.aws\.amazon\.com\//,
    );
  });

  it('renders the curated automation, cannot-automate and guidance answers', async () => {
    const toolbox = createChatToolbox({
      engine,
      readFinding: readFindingFrom([]),
    });
    const curated = await toolbox.execute('render_remediation', {
      controlId: 'SSM.7',
    });
    expectValidEvents(curated);
    expect(curated.proposal).toMatchObject({
      automationKind: 'curated',
      validation: { valid: true },
    });
    expect(curated.citations.map(c => c.source)).toContain('curated-library');

    const cannot = await toolbox.execute('render_remediation', {
      controlId: 'IAM.4',
    });
    expectValidEvents(cannot);
    expect(cannot.proposal).toMatchObject({
      automationKind: 'cannot-automate',
    });
    expect(cannot.proposal!.templateYaml).toBeUndefined();
    expect(cannot.proposal!.manualSteps!.length).toBeGreaterThan(0);
    expect(cannot.citations.map(c => c.source)).toContain('cannot-automate');

    const none = await toolbox.execute('render_remediation', {
      controlId: 'APIGateway.1',
    });
    expectValidEvents(none);
    expect(none.proposal).toMatchObject({ automationKind: 'not-automated' });
    expect(none.citations.map(c => c.source)).toContain('guidance');
    expect(none.output).not.toHaveProperty('asrRunbook');
  });

  it('names the ASR runbook only when that solution is deployed', async () => {
    const control = listControls().find(c => c.runbook?.startsWith('ASR-'))!;
    const deployed = await createChatToolbox({
      engine: asrEngine,
      readFinding: readFindingFrom([]),
    }).execute('render_remediation', { controlId: control.id });
    expect(deployed.output).toMatchObject({
      asrRunbook: { name: control.runbook },
    });
    expect(deployed.citations).toContainEqual(
      expect.objectContaining({
        id: `runbook:${control.runbook}`,
        source: 'aws-runbook',
      }),
    );
    const absent = await createChatToolbox({
      engine,
      readFinding: readFindingFrom([]),
    }).execute('render_remediation', { controlId: control.id });
    expect(JSON.stringify(absent)).not.toContain(control.runbook);
  });

  it('fails on a control the catalog does not know, or an id that is not one', async () => {
    const toolbox = createChatToolbox({
      engine,
      readFinding: readFindingFrom([]),
    });
    const unknown = await toolbox.execute('render_remediation', {
      controlId: 'S3.999',
    });
    expect(unknown.step.status).toBe('failed');
    expect(unknown.step.error).toMatch(
      /"S3.999" is not a Security Hub control/,
    );
    expect(unknown.proposal).toBeUndefined();
    const malformed = await toolbox.execute('render_remediation', {
      controlId: 'rm -rf /',
    });
    expect(malformed.step.error).toMatch(
      /controlId: must be a Security Hub control id/,
    );
  });
});

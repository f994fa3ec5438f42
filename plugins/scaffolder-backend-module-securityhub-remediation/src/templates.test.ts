import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { mockServices } from '@backstage/backend-test-utils';
import {
  createGenerateRemediationAction,
  createGetFindingAction,
  createStageRemediationAction,
  createTrackRemediationAction,
} from './actions';

const TEMPLATES_DIR = path.resolve(__dirname, '../../../scaffolder-templates');

interface ActionShape {
  inputs: string[];
  requiredInputs: string[];
  outputs: string[];
}

/** The actions this module provides, by id, with their input and output keys. */
function moduleActions(): Map<string, ActionShape> {
  const deps = {
    discovery: mockServices.discovery(),
    auth: mockServices.auth(),
  };
  const actions = [
    createGetFindingAction(deps),
    createGenerateRemediationAction(deps),
    createStageRemediationAction(deps),
    createTrackRemediationAction(deps),
  ];
  type JsonSchema = {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return new Map(
    actions.map(action => {
      const input = (action.schema?.input ?? {}) as JsonSchema;
      const output = (action.schema?.output ?? {}) as JsonSchema;
      return [
        action.id,
        {
          inputs: Object.keys(input.properties ?? {}),
          requiredInputs: input.required ?? [],
          outputs: Object.keys(output.properties ?? {}),
        },
      ];
    }),
  );
}

const templates = fs
  .readdirSync(TEMPLATES_DIR, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => path.join(TEMPLATES_DIR, entry.name, 'template.yaml'))
  .filter(file => fs.existsSync(file));

function readTemplate(name: string) {
  const file = path.join(TEMPLATES_DIR, name, 'template.yaml');
  const text = fs.readFileSync(file, 'utf8');
  return { text, template: parse(text) };
}

describe('bundled scaffolder templates', () => {
  it('exist', () => {
    expect(templates.map(f => path.basename(path.dirname(f)))).toEqual(
      expect.arrayContaining([
        'securityhub-finding-brief',
        'securityhub-remediate-finding',
      ]),
    );
  });

  it.each(templates.map(file => [path.relative(TEMPLATES_DIR, file), file]))(
    '%s uses only actions, inputs, parameters and outputs that exist',
    (_name, file) => {
      const text = fs.readFileSync(file, 'utf8');
      const template = parse(text);
      expect(template.kind).toBe('Template');
      expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');

      const actions = moduleActions();
      const stepActions = new Map<string, string>();
      for (const step of template.spec.steps) {
        const action = actions.get(step.action);
        expect(action).toBeDefined();
        const inputs = Object.keys(step.input ?? {});
        expect(action!.inputs).toEqual(expect.arrayContaining(inputs));
        expect(inputs).toEqual(expect.arrayContaining(action!.requiredInputs));
        stepActions.set(step.id, step.action);
      }
      // Every `steps.<id>.output.<key>` must be an output of that step's action.
      for (const [, stepId, key] of text.matchAll(
        /steps\.([\w-]+)\.output\.(\w+)/g,
      )) {
        const action = stepActions.get(stepId);
        expect(action).toBeDefined();
        expect(actions.get(action!)!.outputs).toContain(key);
      }
      // Every `parameters.<key>` must be asked for in a wizard step.
      const asked = template.spec.parameters.flatMap(
        (page: { properties?: object }) => Object.keys(page.properties ?? {}),
      );
      for (const [, key] of text.matchAll(/parameters\.(\w+)/g)) {
        expect(asked).toContain(key);
      }
    },
  );
});

describe('the Remediate finding template', () => {
  const { template } = readTemplate('securityhub-remediate-finding');

  it('is named and owned as the catalog lists it', () => {
    expect(template.metadata).toMatchObject({
      name: 'securityhub-remediate-finding',
      title: 'Remediate finding',
    });
    expect(template.metadata.tags).toEqual(
      expect.arrayContaining(['security-hub', 'remediation']),
    );
    expect(template.spec.owner).toBe('group:default/secops');
  });

  it('asks for the finding, then for the review of its remediation', () => {
    const [finding, review] = template.spec.parameters;
    expect(finding.title).toBe('Finding');
    expect(finding.required).toEqual(['findingId']);
    expect(finding.properties.findingId).toMatchObject({
      type: 'string',
      'ui:field': 'SecurityHubFindingPicker',
    });
    expect(review.title).toBe('Review');
    expect(review.required).toEqual(['templateHash']);
    expect(review.properties.templateHash).toMatchObject({
      type: 'string',
      'ui:field': 'SecurityHubRemediationReview',
    });
    expect('a'.repeat(64)).toMatch(
      new RegExp(review.properties.templateHash.pattern),
    );
  });

  it('generates, stages what was reviewed, then tracks what was staged', () => {
    expect(
      template.spec.steps.map(
        (s: { id: string; action: string; input: unknown }) => [
          s.id,
          s.action,
          s.input,
        ],
      ),
    ).toEqual([
      [
        'generate',
        'securityhub:remediation:generate',
        { findingId: '${{ parameters.findingId }}' },
      ],
      [
        'stage',
        'securityhub:remediation:stage',
        {
          findingId: '${{ parameters.findingId }}',
          templateHash: '${{ parameters.templateHash }}',
        },
      ],
      [
        'track',
        'securityhub:remediation:track',
        { remediationId: '${{ steps.stage.output.remediationId }}' },
      ],
    ]);
  });

  it('links to the remediation and the findings, and shows the final status', () => {
    const urls = template.spec.output.links.map((l: { url: string }) => l.url);
    expect(urls).toContain('${{ steps.stage.output.remediationUrl }}');
    expect(urls.some((u: string) => u.startsWith('/securityhub?'))).toBe(true);
    expect(template.spec.output.text[0].content).toContain(
      '${{ steps.track.output.summary }}',
    );
  });
});

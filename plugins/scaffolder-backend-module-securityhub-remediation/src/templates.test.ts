import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { mockServices } from '@backstage/backend-test-utils';
import { createGetFindingAction } from './actions';

const TEMPLATES_DIR = path.resolve(__dirname, '../../../scaffolder-templates');

/** The actions this module provides, by id, with their output keys. */
function moduleActions() {
  const action = createGetFindingAction({
    discovery: mockServices.discovery(),
    auth: mockServices.auth(),
  });
  const output = (action.schema?.output ?? {}) as {
    properties?: Record<string, unknown>;
  };
  return new Map([[action.id, Object.keys(output.properties ?? {})]]);
}

const templates = fs
  .readdirSync(TEMPLATES_DIR, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => path.join(TEMPLATES_DIR, entry.name, 'template.yaml'))
  .filter(file => fs.existsSync(file));

describe('bundled scaffolder templates', () => {
  it('exist', () => {
    expect(templates.length).toBeGreaterThan(0);
  });

  it.each(templates.map(file => [path.relative(TEMPLATES_DIR, file), file]))(
    '%s uses only actions and outputs that exist',
    (_name, file) => {
      const text = fs.readFileSync(file, 'utf8');
      const template = parse(text);
      expect(template.kind).toBe('Template');
      expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');

      const actions = moduleActions();
      const stepActions = new Map<string, string>();
      for (const step of template.spec.steps) {
        expect(actions.has(step.action)).toBe(true);
        stepActions.set(step.id, step.action);
      }
      // Every `steps.<id>.output.<key>` must be an output of that step's action.
      for (const [, stepId, key] of text.matchAll(
        /steps\.([\w-]+)\.output\.(\w+)/g,
      )) {
        const action = stepActions.get(stepId);
        expect(action).toBeDefined();
        expect(actions.get(action!)).toContain(key);
      }
    },
  );
});

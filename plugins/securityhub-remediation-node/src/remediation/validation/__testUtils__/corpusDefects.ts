import { parseDocument } from '../parseDocument';
import { isIntrinsic, isPlainObject } from '../types';

/** A real defect planted in a valid document, and what must report it. */
export interface Defect {
  name: string;
  text: string;
  rule: string;
  /** The problem's path must start with this: it names the place. */
  pathPrefix: string;
}

type Json = Record<string, unknown>;

/** Where the runbook sits in the parsed file: the whole of it, or a Content. */
interface RunbookSite {
  body: Json;
  runbook: Json;
  prefix: string;
}

function runbookSites(text: string): RunbookSite[] {
  const parsed = parseDocument(text);
  if (parsed.kind === 'automation-document')
    return [{ body: parsed.body, runbook: parsed.body, prefix: '' }];
  const sites: RunbookSite[] = [];
  const resources = isPlainObject(parsed.body.Resources)
    ? parsed.body.Resources
    : {};
  for (const [name, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource) || resource.Type !== 'AWS::SSM::Document')
      continue;
    const properties = resource.Properties;
    if (!isPlainObject(properties) || properties.DocumentType !== 'Automation')
      continue;
    // Text Content (a literal or Fn::Sub) is validated too, but planting a
    // defect in it would mean rewriting the text; mapping Content suffices.
    if (!isPlainObject(properties.Content) || isIntrinsic(properties.Content))
      continue;
    sites.push({
      body: parsed.body,
      runbook: properties.Content,
      prefix: `Resources.${name}.Properties.Content.`,
    });
  }
  return sites;
}

const serialize = (body: Json) => JSON.stringify(body, null, 2);
const API_ACTIONS = new Set([
  'aws:executeAwsApi',
  'aws:waitForAwsResourceProperty',
  'aws:assertAwsResourceProperty',
]);

/**
 * Plants each defect the validator must always catch into a copy of a valid
 * document: an action that does not exist, a step graph that points
 * nowhere or names a step twice, an API call that does not exist, and text
 * that is not YAML at all. Serialized as JSON, which both parsers read.
 */
export function plantDefects(text: string): Defect[] {
  const defects: Defect[] = [
    {
      name: 'not YAML',
      // An unclosed flow sequence: no YAML or JSON parser reads past it.
      text: `${text}\n[unclosed: {\n`,
      rule: 'parse',
      pathPrefix: '',
    },
  ];
  let sites: RunbookSite[];
  try {
    sites = runbookSites(text);
  } catch {
    return defects; // unreadable: the acceptance test reports it
  }
  const site = sites[0];
  if (!site || !Array.isArray(site.runbook.mainSteps)) return defects;
  const plant = (
    name: string,
    rule: string,
    path: string,
    change: (steps: Json[]) => void,
  ) => {
    const copy = runbookSites(text)[0];
    change(copy.runbook.mainSteps as Json[]);
    defects.push({
      name,
      text: serialize(copy.body),
      rule,
      pathPrefix: `${copy.prefix}${path}`,
    });
  };
  const steps = site.runbook.mainSteps as Json[];
  plant('unknown action', 'automation-unknown-action', 'mainSteps[0]', copy => {
    copy[0].action = `${String(copy[0].action)}Typo`;
  });
  plant(
    'next step that does not exist',
    'automation-missing-next-step',
    'mainSteps[0]',
    copy => {
      delete copy[0].isEnd;
      copy[0].nextStep = 'StepThatDoesNotExist';
    },
  );
  plant(
    'duplicate step name',
    'automation-duplicate-step',
    `mainSteps[${steps.length}]`,
    copy => {
      copy.push({ ...copy[0] });
    },
  );
  const apiStep = steps.findIndex(
    step =>
      API_ACTIONS.has(String(step.action)) &&
      isPlainObject(step.inputs) &&
      typeof step.inputs.Api === 'string' &&
      typeof step.inputs.Service === 'string',
  );
  if (apiStep >= 0)
    plant(
      'API call that does not exist',
      'automation-unknown-api',
      `mainSteps[${apiStep}]`,
      copy => {
        const inputs = copy[apiStep].inputs as Json;
        inputs.Api = `${String(inputs.Api)}Everywhere`;
      },
    );
  return defects;
}

import { readFileSync } from 'fs';
import { join } from 'path';
import { gunzipSync } from 'zlib';
import { CURATED_AUTOMATIONS, curatedAutomationFor } from './index';
import type { AutomationStep, CuratedAutomation } from './types';

interface ApiIndex {
  services: Record<
    string,
    { prefix: string; operations: Record<string, string[]> }
  >;
}

interface CatalogControl {
  id: string;
  status: string;
  inFsbp: boolean;
  resourceType: string | null;
}

const API_INDEX: ApiIndex = JSON.parse(
  gunzipSync(
    readFileSync(
      join(__dirname, '..', 'validation', 'data', 'aws-api-index.json.gz'),
    ),
  ).toString('utf8'),
);

const CATALOG: CatalogControl[] = JSON.parse(
  readFileSync(
    join(
      __dirname,
      '..',
      '..',
      '..',
      '..',
      'securityhub-remediation-common',
      'src',
      'catalog',
      'controls.json',
    ),
    'utf8',
  ),
);
const CONTROLS = new Map(CATALOG.map(control => [control.id, control]));

/**
 * Active controls outside the FSBP standard, curated because they were asked
 * for by name; anything else must be an FSBP control.
 */
const OUTSIDE_FSBP_BY_REQUEST = new Set(['KMS.4']);

/**
 * IAM action of an API call whose name differs from `<prefix>:<Api>`
 * (keyed `<botocore service>:<Api>`). The same table is documented in
 * helpers/comments of the automations that use these calls.
 */
const IAM_ACTION_RENAMES: Record<string, string> = {
  's3:PutBucketEncryption': 's3:PutEncryptionConfiguration',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:PutBucketLifecycleConfiguration': 's3:PutLifecycleConfiguration',
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  's3control:PutPublicAccessBlock': 's3:PutAccountPublicAccessBlock',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
};

const API_ACTIONS = new Set([
  'aws:executeAwsApi',
  'aws:assertAwsResourceProperty',
  'aws:waitForAwsResourceProperty',
]);
const ALLOWED_ACTIONS = new Set([...API_ACTIONS, 'aws:executeScript']);
const NOT_API_MEMBERS = new Set([
  'Service',
  'Api',
  'PropertySelector',
  'DesiredValues',
]);
const READ_ONLY_API = /^(Get|Describe|List|BatchGet)/;

const squash = (name: string) => name.replace(/[_-]/g, '').toLowerCase();

function iamActionFor(service: string, api: string): string {
  return (
    IAM_ACTION_RENAMES[`${service}:${api}`] ??
    `${API_INDEX.services[service].prefix}:${api}`
  );
}

/** `(service, Api)` of every boto3 call a Python script makes. */
function scriptCalls(source: string): Array<{ service: string; api: string }> {
  const calls: Array<{ service: string; api: string }> = [];
  for (const client of source.matchAll(
    /(\w+)\s*=\s*boto3\.client\(\s*'([\w-]+)'\s*\)/g,
  )) {
    const [, variable, service] = client;
    for (const call of source.matchAll(
      new RegExp(`\\b${variable}\\.([a-z0-9_]+)\\(`, 'g'),
    )) {
      const operations = Object.keys(
        API_INDEX.services[service]?.operations ?? {},
      );
      const api =
        operations.find(op => squash(op) === squash(call[1])) ??
        `<unknown ${call[1]}>`;
      calls.push({ service, api });
    }
  }
  return calls;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') {
    return Object.values(value).flatMap(strings);
  }
  return [];
}

const isVerification = (step: AutomationStep) =>
  step.action === 'aws:assertAwsResourceProperty' ||
  step.action === 'aws:waitForAwsResourceProperty' ||
  (step.action === 'aws:executeScript' && step.name.startsWith('Verify'));

const isChange = (step: AutomationStep) =>
  (step.action === 'aws:executeAwsApi' &&
    !READ_ONLY_API.test(String(step.inputs.Api))) ||
  (step.action === 'aws:executeScript' && !step.name.startsWith('Verify'));

/** Problems of the parameters: fills, types and identifier patterns. */
function parameterProblems(automation: CuratedAutomation): string[] {
  const problems: string[] = [];
  if ('AutomationAssumeRole' in automation.parameters) {
    problems.push('declares AutomationAssumeRole');
  }
  for (const [name, parameter] of Object.entries(automation.parameters)) {
    if (!/^[A-Z][A-Za-z0-9]+$/.test(name)) problems.push(`${name}: bad name`);
    if (!parameter.description) problems.push(`${name}: no description`);
    if ('from' in parameter.fill) {
      if (parameter.type !== 'String') problems.push(`${name}: not a String`);
      if (!parameter.allowedPattern) problems.push(`${name}: no pattern`);
    } else {
      const { value } = parameter.fill;
      const expected = Array.isArray(value)
        ? 'StringList'
        : { number: 'Integer', boolean: 'Boolean', string: 'String' }[
            typeof value as string
          ];
      if (parameter.type !== expected) {
        problems.push(`${name}: ${parameter.type} for a ${typeof value}`);
      }
    }
    if (parameter.allowedPattern) {
      if (!/^\^.*\$$/.test(parameter.allowedPattern)) {
        problems.push(`${name}: pattern not anchored`);
      }
      const pattern = new RegExp(parameter.allowedPattern);
      if (
        !('from' in parameter.fill) &&
        !pattern.test(String(parameter.fill.value))
      ) {
        problems.push(`${name}: value does not match its pattern`);
      }
    }
  }
  return problems;
}

/** Problems of the steps: actions, services, operations, input members, scripts. */
function stepProblems(automation: CuratedAutomation): string[] {
  const problems: string[] = [];
  const names = automation.steps.map(step => step.name);
  if (new Set(names).size !== names.length)
    problems.push('duplicate step names');
  for (const step of automation.steps) {
    const where = step.name;
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(step.name))
      problems.push(`${where}: bad name`);
    if (!ALLOWED_ACTIONS.has(step.action)) {
      problems.push(`${where}: action ${step.action}`);
      continue;
    }
    if (API_ACTIONS.has(step.action)) {
      const service = API_INDEX.services[String(step.inputs.Service)];
      const members = service?.operations[String(step.inputs.Api)];
      if (!members) {
        problems.push(
          `${where}: no API ${step.inputs.Service}.${step.inputs.Api}`,
        );
        continue;
      }
      for (const key of Object.keys(step.inputs)) {
        if (!NOT_API_MEMBERS.has(key) && !members.includes(key)) {
          problems.push(
            `${where}: ${key} is not an input of ${step.inputs.Api}`,
          );
        }
      }
    }
    if (step.action !== 'aws:executeAwsApi' && API_ACTIONS.has(step.action)) {
      if (!/^\$\./.test(String(step.inputs.PropertySelector))) {
        problems.push(`${where}: PropertySelector`);
      }
      const desired = step.inputs.DesiredValues;
      if (
        !Array.isArray(desired) ||
        desired.length === 0 ||
        desired.some(value => typeof value !== 'string')
      ) {
        problems.push(`${where}: DesiredValues must be strings`);
      }
    }
    if (step.action === 'aws:executeScript') {
      const source = String(step.inputs.Script);
      if (step.inputs.Runtime !== 'python3.11')
        problems.push(`${where}: runtime`);
      if (step.inputs.Handler !== 'handler') problems.push(`${where}: handler`);
      if (!source.includes('def handler(events, context):')) {
        problems.push(`${where}: no handler function`);
      }
      for (const call of scriptCalls(source)) {
        if (call.api.startsWith('<unknown')) {
          problems.push(`${where}: ${call.service} ${call.api}`);
        }
      }
    }
  }
  return problems;
}

/** `{{ X }}` references that are not parameters, globals or earlier outputs. */
function referenceProblems(automation: CuratedAutomation): string[] {
  const problems: string[] = [];
  const known = new Set([
    ...Object.keys(automation.parameters),
    'AutomationAssumeRole',
  ]);
  for (const step of automation.steps) {
    for (const text of strings(step.inputs)) {
      for (const match of text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)) {
        if (!known.has(match[1]) && !/^global:[A-Z_]+$/.test(match[1])) {
          problems.push(`${step.name}: {{ ${match[1]} }}`);
        }
      }
      // No stray braces that SSM would try to interpolate.
      if (text.replace(/\{\{\s*[^{}]*?\s*\}\}/g, '').includes('{{')) {
        problems.push(`${step.name}: stray {{`);
      }
    }
    for (const output of step.outputs ?? []) {
      known.add(`${step.name}.${output.Name}`);
    }
  }
  return problems;
}

/** Statements that are not exact, or not scoped, and calls no statement grants. */
function permissionProblems(automation: CuratedAutomation): string[] {
  const problems: string[] = [];
  const granted = new Set<string>();
  const variables = new Set([
    ...Object.keys(automation.parameters),
    'AWS::Partition',
    'AWS::Region',
    'AWS::AccountId',
  ]);
  for (const statement of automation.permissions) {
    if (statement.why.length < 10) problems.push('statement without why');
    if (statement.actions.length === 0)
      problems.push('statement without actions');
    for (const action of statement.actions) {
      if (!/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action)) {
        problems.push(`action ${action} is not exact`);
      }
      granted.add(action);
    }
    for (const resource of statement.resources) {
      if (resource === '*') {
        if (!/resource-level|no resource/i.test(statement.why)) {
          problems.push(`* for ${statement.actions} without saying why`);
        }
        continue;
      }
      if (!/^(arn:\$\{AWS::Partition\}:|\$\{[A-Za-z0-9]+\}$)/.test(resource)) {
        problems.push(`resource ${resource} is not an ARN`);
      }
      for (const variable of resource.matchAll(/\$\{([^}]+)\}/g)) {
        if (!variables.has(variable[1])) {
          problems.push(`resource ${resource}: unknown \${${variable[1]}}`);
        }
      }
    }
  }
  for (const step of automation.steps) {
    const calls = API_ACTIONS.has(step.action)
      ? [{ service: String(step.inputs.Service), api: String(step.inputs.Api) }]
      : scriptCalls(String(step.inputs.Script ?? ''));
    for (const call of calls) {
      if (!API_INDEX.services[call.service]) continue;
      const action = iamActionFor(call.service, call.api);
      if (!granted.has(action))
        problems.push(`${step.name}: ${action} not granted`);
    }
  }
  return problems;
}

describe('curated automations', () => {
  it('has one automation per control, reachable by control id', () => {
    const ids = CURATED_AUTOMATIONS.map(automation => automation.controlId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(60);
    for (const automation of CURATED_AUTOMATIONS) {
      expect(curatedAutomationFor(automation.controlId)).toBe(automation);
    }
    expect(curatedAutomationFor('S3.9')).toBeUndefined();
    expect(curatedAutomationFor('SecretsManager.1')).toBeUndefined();
  });

  describe.each(
    CURATED_AUTOMATIONS.map(automation => [automation.controlId, automation]),
  )('%s', (_id, automation: CuratedAutomation) => {
    it('is an active catalog control of the FSBP standard, on its resource type', () => {
      const control = CONTROLS.get(automation.controlId);
      expect(control).toEqual(
        expect.objectContaining({
          status: 'active',
          resourceType: automation.resourceType,
          inFsbp: !OUTSIDE_FSBP_BY_REQUEST.has(automation.controlId),
        }),
      );
      expect(automation.description).toMatch(/\.$/);
    });

    it('declares parameters filled from the finding, with patterns for identifiers', () => {
      expect(parameterProblems(automation)).toEqual([]);
    });

    it('calls only existing APIs with their exact input members', () => {
      expect(stepProblems(automation)).toEqual([]);
    });

    it('references only declared parameters, globals and earlier outputs', () => {
      expect(referenceProblems(automation)).toEqual([]);
    });

    it('verifies the fix after the last change', () => {
      const lastChange = automation.steps.map(isChange).lastIndexOf(true);
      const lastVerification = automation.steps
        .map(isVerification)
        .lastIndexOf(true);
      expect(lastChange).toBeGreaterThanOrEqual(0);
      expect(lastVerification).toBeGreaterThan(lastChange);
    });

    it('has least-privilege permissions covering every call', () => {
      expect(permissionProblems(automation)).toEqual([]);
    });
  });
});

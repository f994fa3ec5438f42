import type { ChangePreview } from '@internal/plugin-securityhub-remediation-common';
import { parseYamlOrJson } from '../remediation/validation/parseDocument';
import { isPlainObject } from '../remediation/validation/types';

export interface ChangePreviewInput {
  /** Stack (and file) name. */
  name: string;
  /** The template, as text or already parsed; one of the two. */
  templateYaml?: string;
  template?: Record<string, unknown>;
  accounts: string[];
  regions: string[];
  deployment: 'stack' | 'stack-set';
  targets: Array<{ type: string; id: string }>;
  /** The AWS-owned runbook the template's document runs, if any. */
  runbook?: string;
}

const POLICY_RESOURCE_TYPES = new Set([
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
]);

/** What a remediation will change, read from its template for the reviewer. */
export function changePreviewOf(input: ChangePreviewInput): ChangePreview {
  const template = templateOf(input);
  const resources = isPlainObject(template.Resources) ? template.Resources : {};
  const creates: ChangePreview['creates'] = [];
  const iamActions = new Map<string, string[]>();
  let documentName: string | undefined;

  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource)) continue;
    const type = typeof resource.Type === 'string' ? resource.Type : 'unknown';
    creates.push({ logicalId, type });
    const properties = isPlainObject(resource.Properties)
      ? resource.Properties
      : {};
    if (POLICY_RESOURCE_TYPES.has(type)) {
      for (const statement of allowStatements(type, properties)) {
        addStatement(iamActions, statement);
      }
    }
    if (type === 'AWS::SSM::Document' && documentName === undefined) {
      documentName =
        properties.Name !== undefined
          ? readableValue(properties.Name)
          : logicalId;
    }
  }

  return {
    stackName: input.name,
    deployment: input.deployment,
    accounts: [...input.accounts],
    regions: [...input.regions],
    creates,
    targets: input.targets.map(target => ({
      type: target.type,
      id: target.id,
    })),
    iamActions: [...iamActions].map(([action, resourceList]) => ({
      action,
      resources: resourceList,
    })),
    // What runs is the template's own document (for an AWS runbook, the
    // wrapper that starts it with the template's role); remediation
    // templates name it after the stack.
    documentName: documentName ?? input.runbook ?? input.name,
  };
}

function templateOf(input: ChangePreviewInput): Record<string, unknown> {
  if (input.template) return input.template;
  if (input.templateYaml === undefined) {
    throw new Error('A change preview needs the template (text or object)');
  }
  const parsed = parseYamlOrJson(input.templateYaml);
  if (!isPlainObject(parsed)) {
    throw new Error('The template is not a YAML mapping');
  }
  return parsed;
}

/** The policy documents a resource grants: a role's inline policies, or the policy itself. */
function policyDocuments(
  type: string,
  properties: Record<string, unknown>,
): unknown[] {
  if (type === 'AWS::IAM::Role') {
    // The trust policy (AssumeRolePolicyDocument) says who may assume the
    // role, not what the role may do, so it is not listed.
    const policies = Array.isArray(properties.Policies)
      ? properties.Policies
      : [];
    return policies.filter(isPlainObject).map(policy => policy.PolicyDocument);
  }
  return [properties.PolicyDocument];
}

function allowStatements(
  type: string,
  properties: Record<string, unknown>,
): Array<Record<string, unknown>> {
  return policyDocuments(type, properties).flatMap(document => {
    if (!isPlainObject(document)) return [];
    const statements = [document.Statement].flat();
    return statements.filter(
      (statement): statement is Record<string, unknown> =>
        isPlainObject(statement) && statement.Effect === 'Allow',
    );
  });
}

function addStatement(
  into: Map<string, string[]>,
  statement: Record<string, unknown>,
): void {
  const resources =
    statement.Resource !== undefined
      ? listOf(statement.Resource)
      : listOf(statement.NotResource).map(r => `every resource except ${r}`);
  const actions =
    statement.Action !== undefined
      ? listOf(statement.Action)
      : listOf(statement.NotAction).map(a => `every action except ${a}`);
  for (const action of actions) {
    const known = into.get(action) ?? [];
    for (const resource of resources) {
      if (!known.includes(resource)) known.push(resource);
    }
    into.set(action, known);
  }
}

function listOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(readableValue);
}

/**
 * A template value as a person reads it: intrinsics become `${…}` text
 * (`Fn::Sub` keeps its own text, `Ref X` → `${X}`, `GetAtt A.B` → `${A.B}`).
 */
export function readableValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) return value.map(readableValue).join(', ');
  if (!isPlainObject(value)) return String(value);
  const keys = Object.keys(value);
  if (keys.length !== 1) return JSON.stringify(value);
  const [key] = keys;
  const argument = value[key];
  switch (key) {
    case 'Ref':
      return `\${${readableValue(argument)}}`;
    case 'Fn::GetAtt':
      return `\${${
        Array.isArray(argument)
          ? argument.map(readableValue).join('.')
          : readableValue(argument)
      }}`;
    case 'Fn::Sub':
      return readableSub(argument);
    case 'Fn::Join':
      if (Array.isArray(argument) && argument.length === 2) {
        const [separator, parts] = argument;
        return (Array.isArray(parts) ? parts : [parts])
          .map(readableValue)
          .join(readableValue(separator));
      }
      break;
    case 'Fn::ImportValue':
      return `\${import ${readableValue(argument)}}`;
    case 'Fn::If':
      if (Array.isArray(argument) && argument.length === 3) {
        return `${readableValue(argument[1])} (if ${readableValue(
          argument[0],
        )}, else ${readableValue(argument[2])})`;
      }
      break;
    case 'Fn::Select':
      if (Array.isArray(argument) && argument.length === 2) {
        return `item ${readableValue(argument[0])} of [${readableValue(
          argument[1],
        )}]`;
      }
      break;
    default:
      break;
  }
  return `${key}(${JSON.stringify(argument)})`;
}

/** `Fn::Sub` text, with the variables its second form defines written in. */
function readableSub(argument: unknown): string {
  if (typeof argument === 'string') return argument;
  if (Array.isArray(argument) && typeof argument[0] === 'string') {
    const variables = isPlainObject(argument[1]) ? argument[1] : {};
    return argument[0].replace(/\$\{([^}!][^}]*)\}/g, (whole, name: string) =>
      name in variables ? readableValue(variables[name]) : whole,
    );
  }
  return JSON.stringify(argument);
}

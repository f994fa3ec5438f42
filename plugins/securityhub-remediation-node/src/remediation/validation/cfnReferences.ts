import { suggestion } from './awsApiIndex';
import { findResourceType } from './cfnSpec';
import { PSEUDO_PARAMETERS, subVariableNames } from './intrinsics';
import { ProblemList, childPath, isPlainObject } from './types';

/** The names a template's intrinsics may point at. */
export interface TemplateNames {
  parameters: Set<string>;
  /** Logical id → resource type. */
  resources: Map<string, string>;
  conditions: Set<string>;
  mappings: Set<string>;
}

/** Types whose attributes are not in the spec (custom resources, nested stacks). */
function attributesAreOpen(type: string, attribute: string): boolean {
  return (
    type.startsWith('Custom::') ||
    type === 'AWS::CloudFormation::CustomResource' ||
    (type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.'))
  );
}

function checkRef(
  target: unknown,
  path: string,
  names: TemplateNames,
  problems: ProblemList,
  localNames: Set<string> = new Set(),
): void {
  if (typeof target !== 'string') return;
  if (
    localNames.has(target) ||
    names.parameters.has(target) ||
    names.resources.has(target) ||
    PSEUDO_PARAMETERS.has(target)
  )
    return;
  problems.error(
    'cfn-unresolved-ref',
    path,
    `Ref "${target}" names no parameter, resource or pseudo parameter of the template.${suggestion(
      target,
      [...names.parameters, ...names.resources.keys(), ...PSEUDO_PARAMETERS],
    )}`,
  );
}

function checkGetAtt(
  resourceName: unknown,
  attribute: unknown,
  path: string,
  names: TemplateNames,
  problems: ProblemList,
): void {
  if (typeof resourceName !== 'string') return;
  const type = names.resources.get(resourceName);
  if (!type) {
    problems.error(
      'cfn-unresolved-getatt',
      path,
      `Fn::GetAtt names resource "${resourceName}", which the template does not declare.${suggestion(
        resourceName,
        names.resources.keys(),
      )}`,
    );
    return;
  }
  if (typeof attribute !== 'string' || attributesAreOpen(type, attribute))
    return;
  const spec = findResourceType(type);
  if (!spec || attribute in spec.attributes) return;
  const attributes = Object.keys(spec.attributes);
  problems.error(
    'cfn-unknown-attribute',
    path,
    `Resource "${resourceName}" (${type}) has no attribute "${attribute}" (it has: ${
      attributes.join(', ') || 'none'
    }).${suggestion(attribute, attributes)}`,
  );
}

function checkSub(
  argument: unknown,
  path: string,
  names: TemplateNames,
  problems: ProblemList,
): void {
  const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
  if (typeof text !== 'string') return;
  const localNames = new Set(
    isPlainObject(variables) ? Object.keys(variables) : [],
  );
  for (const name of subVariableNames(text)) {
    if (localNames.has(name)) continue;
    const dot = name.indexOf('.');
    if (dot > 0 && !PSEUDO_PARAMETERS.has(name)) {
      checkGetAtt(
        name.slice(0, dot),
        name.slice(dot + 1),
        path,
        names,
        problems,
      );
    } else {
      checkRef(name, path, names, problems, localNames);
    }
  }
}

const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : [];

/** `[Resource, Attribute]` of `Fn::GetAtt` in list or `Resource.Attribute` form. */
function getAttArguments(argument: unknown): unknown[] {
  if (typeof argument !== 'string') return asArray(argument);
  const dot = argument.indexOf('.');
  return [argument.slice(0, dot), argument.slice(dot + 1)];
}

/**
 * Checks every Ref, Fn::GetAtt, Fn::Sub `${…}`, Fn::If condition and
 * Fn::FindInMap map name under `value` against the template's names.
 */
export function checkTemplateReferences(
  value: unknown,
  path: string,
  names: TemplateNames,
  problems: ProblemList,
): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) =>
      checkTemplateReferences(item, childPath(path, i), names, problems),
    );
    return;
  }
  if (!isPlainObject(value)) return;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const argument = value[keys[0]];
    const argumentPath = childPath(path, keys[0]);
    switch (keys[0]) {
      case 'Ref':
        checkRef(argument, argumentPath, names, problems);
        return;
      case 'Fn::GetAtt': {
        const [resourceName, attribute] = getAttArguments(argument);
        checkGetAtt(resourceName, attribute, argumentPath, names, problems);
        if (Array.isArray(argument))
          checkTemplateReferences(
            argument[1],
            childPath(argumentPath, 1),
            names,
            problems,
          );
        return;
      }
      case 'Fn::Sub':
        checkSub(argument, argumentPath, names, problems);
        if (Array.isArray(argument))
          checkTemplateReferences(
            argument[1],
            childPath(argumentPath, 1),
            names,
            problems,
          );
        return;
      case 'Fn::If':
      case 'Condition': {
        const condition =
          keys[0] === 'Condition' ? argument : asArray(argument)[0];
        if (typeof condition === 'string' && !names.conditions.has(condition)) {
          problems.error(
            'cfn-unresolved-condition',
            argumentPath,
            `Condition "${condition}" is not declared under Conditions.${suggestion(
              condition,
              names.conditions,
            )}`,
          );
        }
        break;
      }
      case 'Fn::FindInMap': {
        const mapName = Array.isArray(argument) ? argument[0] : undefined;
        if (typeof mapName === 'string' && !names.mappings.has(mapName)) {
          problems.error(
            'cfn-unresolved-mapping',
            argumentPath,
            `Mapping "${mapName}" is not declared under Mappings.${suggestion(
              mapName,
              names.mappings,
            )}`,
          );
        }
        break;
      }
      default:
        break;
    }
  }
  for (const [key, inner] of Object.entries(value))
    checkTemplateReferences(inner, childPath(path, key), names, problems);
}

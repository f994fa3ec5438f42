import { suggestion } from './awsApiIndex';
import { SpecProperty, SpecType, findTypeDefinition } from './cfnSpec';
import { ProblemList, childPath, isIntrinsic, isPlainObject } from './types';

/** How deep nested property types are checked; deeper values are accepted. */
const MAX_DEPTH = 8;

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (isPlainObject(value)) return 'a mapping';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

function typeName(type: SpecType): string {
  switch (type.type) {
    case 'array':
      return `list of ${typeName(type.element)}`;
    case 'map':
      return `mapping of ${typeName(type.element)}`;
    case 'ref':
      return findTypeDefinition(type.reference.$ref)?.name ?? 'mapping';
    case 'union':
      return type.types.map(typeName).join(' or ');
    case 'tag':
      return '{ Key, Value }';
    default:
      return type.type;
  }
}

/**
 * Checks a value against a spec type, appending problems. Intrinsics are
 * deploy-time values and always accepted; scalars are as lenient as
 * CloudFormation itself (a number is a valid string, "true" a valid boolean).
 */
export function checkValue(
  value: unknown,
  type: SpecType,
  path: string,
  where: string,
  problems: ProblemList,
  depth = 0,
): void {
  if (isIntrinsic(value) || depth > MAX_DEPTH) return;
  const mismatch = () =>
    problems.error(
      'cfn-property-type',
      path,
      `${where} is ${describe(value)}; expected ${typeName(type)}`,
    );
  switch (type.type) {
    case 'string':
    case 'date-time':
      if (!['string', 'number', 'boolean'].includes(typeof value)) mismatch();
      return;
    case 'number':
    case 'integer':
      if (
        typeof value !== 'number' &&
        !(
          typeof value === 'string' &&
          value.trim() !== '' &&
          !isNaN(Number(value))
        )
      )
        mismatch();
      return;
    case 'boolean':
      if (
        typeof value !== 'boolean' &&
        !['true', 'false'].includes(String(value).toLowerCase())
      )
        mismatch();
      return;
    case 'json':
    case 'null':
      return;
    case 'tag':
      if (!isPlainObject(value) || !('Key' in value)) mismatch();
      return;
    case 'array':
      if (!Array.isArray(value)) {
        mismatch();
        return;
      }
      value.forEach((item, i) =>
        checkValue(
          item,
          type.element,
          childPath(path, i),
          `${where}[${i}]`,
          problems,
          depth + 1,
        ),
      );
      return;
    case 'map':
      if (!isPlainObject(value)) {
        mismatch();
        return;
      }
      for (const [key, item] of Object.entries(value)) {
        checkValue(
          item,
          type.element,
          childPath(path, key),
          `${where}.${key}`,
          problems,
          depth + 1,
        );
      }
      return;
    case 'ref': {
      const definition = findTypeDefinition(type.reference.$ref);
      if (!definition) return;
      if (!isPlainObject(value)) {
        mismatch();
        return;
      }
      checkProperties(
        value,
        definition.properties,
        path,
        where,
        problems,
        depth + 1,
      );
      return;
    }
    case 'union': {
      // Accepted when any member type accepts it without problems.
      for (const member of type.types) {
        const trial = new ProblemList();
        checkValue(value, member, path, where, trial, depth);
        if (!trial.hasErrors) return;
      }
      mismatch();
      return;
    }
    default:
      return;
  }
}

/** Unknown names, missing required properties and value types of one property map. */
export function checkProperties(
  values: Record<string, unknown>,
  specification: Record<string, SpecProperty>,
  path: string,
  where: string,
  problems: ProblemList,
  depth = 0,
): void {
  for (const [name, value] of Object.entries(values)) {
    const property = specification[name];
    if (!property) {
      problems.error(
        'cfn-unknown-property',
        childPath(path, name),
        `${where} has no property "${name}".${suggestion(
          name,
          Object.keys(specification),
        )}`,
      );
      continue;
    }
    checkValue(
      value,
      property.type,
      childPath(path, name),
      `${where}.${name}`,
      problems,
      depth,
    );
  }
  for (const [name, property] of Object.entries(specification)) {
    if (property.required && !(name in values)) {
      problems.error(
        'cfn-missing-required-property',
        path,
        `${where} is missing the required property "${name}"`,
      );
    }
  }
}

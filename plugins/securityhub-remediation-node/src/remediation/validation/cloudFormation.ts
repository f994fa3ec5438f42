import { validateAutomationDocument } from './automationDocument';
import { suggestion } from './awsApiIndex';
import { checkProperties } from './cfnProperties';
import { TemplateNames, checkTemplateReferences } from './cfnReferences';
import { findResourceType, resourceTypeNames } from './cfnSpec';
import { hasSubPlaceholder, substituteSubVariables } from './intrinsics';
import { DocumentParseError, parseYamlOrJson } from './parseDocument';
import { ProblemList, childPath, isIntrinsic, isPlainObject } from './types';

/** An SSM Automation document found as the Content of an AWS::SSM::Document. */
export interface EmbeddedAutomation {
  resourceName: string;
  /** Path of the Content property. */
  path: string;
  document: Record<string, unknown>;
  /** Fn::Sub placeholders of a `!Sub` content → the `${…}` name each stands for. */
  placeholders: Map<string, string>;
  /** The variables map of a `!Sub [text, { Name: value }]` content. */
  subVariables: Record<string, unknown>;
}

const TEMPLATE_SECTIONS = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
  'Hooks',
]);

const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
]);

const PARAMETER_TYPE =
  /^(String|Number|List<Number>|CommaDelimitedList|AWS::SSM::Parameter::Name|AWS::SSM::Parameter::Value<.+>|(List<)?(AWS::EC2::[A-Za-z]+::[A-Za-z]+|AWS::Route53::HostedZone::Id)>?)$/;

const LOGICAL_ID = /^[A-Za-z0-9]+$/;

const keysOf = (section: unknown) =>
  new Set(isPlainObject(section) ? Object.keys(section) : []);

function checkParameters(
  template: Record<string, unknown>,
  problems: ProblemList,
): void {
  if (!isPlainObject(template.Parameters)) return;
  for (const [name, definition] of Object.entries(template.Parameters)) {
    const path = childPath('Parameters', name);
    const type = isPlainObject(definition) ? definition.Type : undefined;
    if (typeof type !== 'string' || !PARAMETER_TYPE.test(type)) {
      problems.error(
        'cfn-parameter-type',
        childPath(path, 'Type'),
        `Parameter "${name}" has Type ${JSON.stringify(
          type,
        )}; use String, Number, List<Number>, CommaDelimitedList, an AWS-specific type (AWS::EC2::VPC::Id…) or AWS::SSM::Parameter::Value<…>`,
      );
    }
  }
}

/** Parses a string Content in its declared format. */
function parseContent(
  text: string,
  format: unknown,
  hasPlaceholders: boolean,
): unknown {
  if (format === 'JSON' && !hasPlaceholders) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new DocumentParseError(
        `DocumentFormat is JSON but Content is not JSON (${
          (error as Error).message
        })`,
      );
    }
  }
  // YAML, or JSON with `${…}` placeholders that may sit outside quotes.
  return parseYamlOrJson(text);
}

/** Content given as text, directly or through !Sub; undefined for a mapping. */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (isPlainObject(content) && 'Fn::Sub' in content) {
    const argument = content['Fn::Sub'];
    const text = Array.isArray(argument) ? argument[0] : argument;
    return typeof text === 'string' ? text : undefined;
  }
  return undefined;
}

/** Validates the Content of an Automation AWS::SSM::Document. */
function checkSsmDocument(
  resourceName: string,
  properties: Record<string, unknown>,
  problems: ProblemList,
): EmbeddedAutomation | undefined {
  const path = childPath(childPath('Resources', resourceName), 'Properties');
  if (properties.DocumentType !== 'Automation') return undefined;
  const format = properties.DocumentFormat;
  // DocumentFormat is optional and defaults to JSON, which a mapping Content
  // is sent as; only text Content that is not JSON needs it:
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ssm-document.html
  if (format === undefined) {
    const text = contentText(properties.Content);
    if (text !== undefined && !/^\s*\{/.test(text)) {
      problems.error(
        'cfn-ssm-document-format',
        path,
        `SSM document "${resourceName}": Content is YAML text but DocumentFormat defaults to JSON; add DocumentFormat: YAML`,
      );
    }
  } else if (!isIntrinsic(format) && format !== 'YAML' && format !== 'JSON') {
    problems.error(
      'cfn-ssm-document-format',
      childPath(path, 'DocumentFormat'),
      `SSM document "${resourceName}": DocumentFormat ${JSON.stringify(
        format,
      )} is not valid for an Automation document; use YAML or JSON`,
    );
  }
  const contentPath = childPath(path, 'Content');
  let content = properties.Content;
  let placeholders = new Map<string, string>();
  let subVariables: Record<string, unknown> = {};
  if (
    isPlainObject(content) &&
    'Fn::Sub' in content &&
    Object.keys(content).length === 1
  ) {
    const argument = content['Fn::Sub'];
    const text = Array.isArray(argument) ? argument[0] : argument;
    if (Array.isArray(argument) && isPlainObject(argument[1]))
      subVariables = argument[1];
    if (typeof text !== 'string') return undefined;
    const substituted = substituteSubVariables(text);
    placeholders = substituted.placeholders;
    content = substituted.text;
  } else if (isIntrinsic(content)) {
    problems.warning(
      'cfn-ssm-document-content',
      contentPath,
      `SSM document "${resourceName}": Content is built by ${
        Object.keys(content)[0]
      } and cannot be validated before deployment; use a mapping, a string or !Sub`,
    );
    return undefined;
  }
  if (typeof content === 'string') {
    try {
      content = parseContent(content, format, placeholders.size > 0);
    } catch (error) {
      problems.error(
        'cfn-ssm-document-content',
        contentPath,
        `SSM document "${resourceName}": Content cannot be parsed: ${
          (error as Error).message
        }`,
      );
      return undefined;
    }
  }
  if (!isPlainObject(content) || !('mainSteps' in content)) {
    problems.error(
      'cfn-ssm-document-content',
      contentPath,
      `SSM document "${resourceName}": Content is not an Automation document (needs schemaVersion '0.3' and mainSteps)`,
    );
    return undefined;
  }
  validateAutomationDocument(content, problems, contentPath, {
    isOpaqueString: hasSubPlaceholder,
  });
  return {
    resourceName,
    path: contentPath,
    document: content,
    placeholders,
    subVariables,
  };
}

function checkResource(
  name: string,
  resource: unknown,
  names: TemplateNames,
  hasTransform: boolean,
  problems: ProblemList,
): EmbeddedAutomation | undefined {
  const path = childPath('Resources', name);
  if (!LOGICAL_ID.test(name))
    problems.error(
      'cfn-logical-id',
      path,
      `Logical id "${name}" must be alphanumeric`,
    );
  if (!isPlainObject(resource) || typeof resource.Type !== 'string') {
    problems.error(
      'cfn-resource-type',
      path,
      `Resource "${name}" needs a Type`,
    );
    return undefined;
  }
  for (const key of Object.keys(resource)) {
    if (!RESOURCE_KEYS.has(key))
      problems.error(
        'cfn-resource-attribute',
        childPath(path, key),
        `Resource "${name}": "${key}" is not a resource attribute.${suggestion(
          key,
          RESOURCE_KEYS,
        )}`,
      );
  }
  for (const dependency of [resource.DependsOn ?? []].flat()) {
    if (typeof dependency === 'string' && !names.resources.has(dependency))
      problems.error(
        'cfn-unresolved-depends-on',
        childPath(path, 'DependsOn'),
        `Resource "${name}" DependsOn "${dependency}", which the template does not declare`,
      );
  }
  if (
    typeof resource.Condition === 'string' &&
    !names.conditions.has(resource.Condition)
  ) {
    problems.error(
      'cfn-unresolved-condition',
      childPath(path, 'Condition'),
      `Resource "${name}": Condition "${resource.Condition}" is not declared under Conditions`,
    );
  }
  const type = resource.Type;
  if (
    type.startsWith('Custom::') ||
    type === 'AWS::CloudFormation::CustomResource'
  )
    return undefined;
  const spec = findResourceType(type);
  if (!spec) {
    const message = `Resource "${name}": type "${type}" is not a CloudFormation resource type.${suggestion(
      type,
      resourceTypeNames(),
    )}`;
    if (hasTransform)
      problems.warning(
        'cfn-unknown-resource-type',
        childPath(path, 'Type'),
        `${message} (a Transform may define it)`,
      );
    else
      problems.error(
        'cfn-unknown-resource-type',
        childPath(path, 'Type'),
        message,
      );
    return undefined;
  }
  const properties = resource.Properties ?? {};
  if (!isPlainObject(properties)) {
    problems.error(
      'cfn-property-type',
      childPath(path, 'Properties'),
      `Resource "${name}": Properties must be a mapping`,
    );
    return undefined;
  }
  checkProperties(
    properties,
    spec.properties,
    childPath(path, 'Properties'),
    `Resource "${name}" (${type})`,
    problems,
  );
  return type === 'AWS::SSM::Document'
    ? checkSsmDocument(name, properties, problems)
    : undefined;
}

/**
 * Validates a CloudFormation template against the resource specification;
 * returns the Automation documents it creates (already validated) for the
 * least-privilege check.
 */
export function validateCloudFormationTemplate(
  template: Record<string, unknown>,
  problems: ProblemList,
): EmbeddedAutomation[] {
  for (const key of Object.keys(template)) {
    if (!TEMPLATE_SECTIONS.has(key))
      problems.error(
        'cfn-template-section',
        key,
        `"${key}" is not a template section.${suggestion(
          key,
          TEMPLATE_SECTIONS,
        )}`,
      );
  }
  if (
    !isPlainObject(template.Resources) ||
    Object.keys(template.Resources).length === 0
  ) {
    problems.error(
      'cfn-resources',
      'Resources',
      'Resources must declare at least one resource',
    );
    return [];
  }
  const names: TemplateNames = {
    parameters: keysOf(template.Parameters),
    resources: new Map(
      Object.entries(template.Resources).map(([name, resource]) => [
        name,
        isPlainObject(resource) && typeof resource.Type === 'string'
          ? resource.Type
          : '',
      ]),
    ),
    conditions: keysOf(template.Conditions),
    mappings: keysOf(template.Mappings),
  };
  checkParameters(template, problems);
  const embedded: EmbeddedAutomation[] = [];
  for (const [name, resource] of Object.entries(template.Resources)) {
    const automation = checkResource(
      name,
      resource,
      names,
      template.Transform !== undefined,
      problems,
    );
    if (automation) embedded.push(automation);
  }
  for (const section of ['Conditions', 'Resources', 'Outputs']) {
    checkTemplateReferences(template[section], section, names, problems);
  }
  return embedded;
}

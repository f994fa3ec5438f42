import { isMap, parseDocument } from 'yaml';
import { parseYamlOrJson } from '../remediation/validation/parseDocument';
import { isPlainObject } from '../remediation/validation/types';

/** The Automation document a remediation template creates, as far as it can be read. */
export interface TemplateDocument {
  logicalId: string;
  /** `Properties.Name` when it is plain text. */
  name?: string;
  steps: Array<{ name: string; action: string }>;
  /** Parameters the document declares; undefined when its content cannot be read. */
  parameters?: string[];
}

/**
 * The template's `AWS::SSM::Document` named `documentName` (by Name or
 * logical id), or its first one; undefined when the template has none.
 */
export function templateDocument(
  templateYaml: string,
  documentName?: string,
): TemplateDocument | undefined {
  let template: unknown;
  try {
    template = parseYamlOrJson(templateYaml);
  } catch {
    return undefined;
  }
  if (!isPlainObject(template) || !isPlainObject(template.Resources)) {
    return undefined;
  }
  const documents = Object.entries(template.Resources)
    .filter(
      (entry): entry is [string, Record<string, unknown>] =>
        isPlainObject(entry[1]) && entry[1].Type === 'AWS::SSM::Document',
    )
    .map(([logicalId, resource]) => {
      const properties = isPlainObject(resource.Properties)
        ? resource.Properties
        : {};
      const name =
        typeof properties.Name === 'string' ? properties.Name : undefined;
      return { logicalId, name, content: properties.Content };
    });
  const document =
    documents.find(
      d => d.name === documentName || d.logicalId === documentName,
    ) ?? documents[0];
  if (!document) return undefined;
  const content = documentContent(document.content);
  if (!isPlainObject(content)) {
    return { logicalId: document.logicalId, name: document.name, steps: [] };
  }
  const steps = Array.isArray(content.mainSteps)
    ? content.mainSteps.filter(isPlainObject).map((step, index) => ({
        name: typeof step.name === 'string' ? step.name : `step${index + 1}`,
        action: typeof step.action === 'string' ? step.action : 'unknown',
      }))
    : [];
  return {
    logicalId: document.logicalId,
    name: document.name,
    steps,
    parameters: isPlainObject(content.parameters)
      ? Object.keys(content.parameters)
      : [],
  };
}

/** The document's content: an object, or JSON/YAML text, possibly inside `Fn::Sub`. */
function documentContent(content: unknown): unknown {
  let value = content;
  if (isPlainObject(value) && 'Fn::Sub' in value) {
    const sub = value['Fn::Sub'];
    value = Array.isArray(sub) ? sub[0] : sub;
  }
  if (typeof value !== 'string') return value;
  try {
    return parseYamlOrJson(value);
  } catch {
    return undefined;
  }
}

/**
 * The template with its Automation document named `name` (the stack's
 * name): one document per finding's stack, so two findings of one control in
 * one account and region never collide on a document name. Other text is
 * kept; a template without a document is returned as it is.
 */
export function withDocumentName(templateYaml: string, name: string): string {
  const doc = parseDocument(templateYaml);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return templateYaml;
  const resources = doc.get('Resources');
  if (!isMap(resources)) return templateYaml;
  for (const pair of resources.items) {
    const resource = pair.value;
    if (!isMap(resource) || resource.get('Type') !== 'AWS::SSM::Document') {
      continue;
    }
    const properties = resource.get('Properties');
    if (!isMap(properties)) continue;
    properties.set('Name', name);
    return doc.toString();
  }
  return templateYaml;
}

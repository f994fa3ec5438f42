import { parseYamlOrJson } from '../../../../remediation/validation/parseDocument';
import type { AutomationStep, DocumentRegistration } from './ssmAutomation';

const TEMPLATE_FILE = /\.(ya?ml|json|template)$/i;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `mainSteps` of a document's inline `Content`, when written out plainly. */
function stepsOf(content: unknown): AutomationStep[] | undefined {
  const parsed = typeof content === 'string' ? safeParse(content) : content;
  if (!isObject(parsed) || !Array.isArray(parsed.mainSteps)) return undefined;
  const steps = parsed.mainSteps
    .filter(isObject)
    .filter(
      step => typeof step.name === 'string' && typeof step.action === 'string',
    )
    .map(step => ({
      name: step.name as string,
      action: step.action as string,
    }));
  return steps.length ? steps : undefined;
}

function safeParse(text: string): unknown {
  try {
    return parseYamlOrJson(text);
  } catch {
    return undefined;
  }
}

/**
 * The SSM documents a deploy of these files creates: every `AWS::SSM::Document`
 * with a plain-string `Name` in a template, in each account and region of its
 * `Metadata.SecurityHubRemediation` (every account when it names none).
 * A generated name (`!Sub`, none) cannot be known before CloudFormation
 * creates it, so such documents are skipped.
 */
export function documentsDeployedBy(
  files: Record<string, string>,
): DocumentRegistration[] {
  const registrations: DocumentRegistration[] = [];
  for (const [path, text] of Object.entries(files)) {
    if (!TEMPLATE_FILE.test(path)) continue;
    const template = safeParse(text);
    if (!isObject(template) || !isObject(template.Resources)) continue;
    const manifest = isObject(template.Metadata)
      ? template.Metadata.SecurityHubRemediation
      : undefined;
    const regions =
      isObject(manifest) && Array.isArray(manifest.regions)
        ? manifest.regions.map(String)
        : [];
    const accounts =
      isObject(manifest) && Array.isArray(manifest.accounts)
        ? manifest.accounts.map(String)
        : [];
    for (const resource of Object.values(template.Resources)) {
      if (!isObject(resource) || resource.Type !== 'AWS::SSM::Document')
        continue;
      const properties = isObject(resource.Properties)
        ? resource.Properties
        : {};
      if (typeof properties.Name !== 'string') continue;
      const steps = stepsOf(properties.Content);
      for (const region of regions) {
        for (const accountId of accounts.length ? accounts : [undefined]) {
          registrations.push({
            name: properties.Name,
            region,
            ...(accountId ? { accountId } : {}),
            ...(steps ? { steps } : {}),
          });
        }
      }
    }
  }
  return registrations;
}

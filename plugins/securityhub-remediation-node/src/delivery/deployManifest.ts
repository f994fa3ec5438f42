import { isMap, parseDocument, visit, type Document } from 'yaml';
import { z } from 'zod';
import { parseYamlOrJson } from '../remediation/validation/parseDocument';
import { isPlainObject } from '../remediation/validation/types';

/** Key under the template's top-level `Metadata`. */
export const DEPLOY_MANIFEST_KEY = 'SecurityHubRemediation';

/**
 * Where a template deploys. It travels inside the template as CloudFormation
 * `Metadata` (CloudFormation ignores Metadata keys it does not know), so the
 * pipeline reads the target from the very commit it deploys.
 */
export const deployManifestSchema = z
  .object({
    findingId: z.string().min(1).max(1024),
    remediationId: z.string().min(1).max(200).optional(),
    accounts: z
      .array(z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits'))
      .min(1),
    regions: z
      .array(
        z
          .string()
          .regex(
            /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/,
            'an AWS region looks like us-east-1',
          ),
      )
      .min(1),
    deployment: z.enum(['stack', 'stack-set']),
  })
  .strict();

export type DeployManifest = z.infer<typeof deployManifestSchema>;

function describeZodError(error: z.ZodError): string {
  return error.issues
    .map(issue => `${issue.path.join('.') || 'manifest'}: ${issue.message}`)
    .join('; ');
}

/**
 * The template with `Metadata.SecurityHubRemediation` set to the manifest
 * (added, or replaced). Everything else keeps its text; manifest strings are
 * double-quoted so no YAML 1.1 reader (cfn-lint, CloudFormation) reads an id
 * as a number or `on` as a boolean. Same input, same output.
 */
export function withDeployManifest(
  templateYaml: string,
  manifest: DeployManifest,
): string {
  const parsed = deployManifestSchema.safeParse(manifest);
  if (!parsed.success) {
    throw new Error(
      `Invalid deploy manifest: ${describeZodError(parsed.error)}`,
    );
  }
  const doc = parseDocument(templateYaml);
  if (doc.errors.length > 0) {
    throw new Error(
      `The template is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`,
    );
  }
  if (!isMap(doc.contents)) {
    throw new Error('The template is not a YAML mapping');
  }
  const value = doc.createNode(orderedManifest(parsed.data));
  visit(value, {
    Scalar(key, node) {
      if (key !== 'key' && typeof node.value === 'string') {
        node.type = 'QUOTE_DOUBLE';
      }
    },
  });
  const metadata = doc.get('Metadata');
  if (isMap(metadata)) {
    metadata.set(DEPLOY_MANIFEST_KEY, value);
  } else {
    insertMetadata(doc, doc.createNode({ [DEPLOY_MANIFEST_KEY]: value }));
  }
  return doc.toString({ lineWidth: 0 });
}

/** Fixed key order, whatever order the caller wrote. */
function orderedManifest(manifest: DeployManifest): DeployManifest {
  return {
    findingId: manifest.findingId,
    ...(manifest.remediationId !== undefined
      ? { remediationId: manifest.remediationId }
      : {}),
    accounts: manifest.accounts,
    regions: manifest.regions,
    deployment: manifest.deployment,
  };
}

/** A new `Metadata` section goes after the header (version, description), where readers look for it. */
function insertMetadata(doc: Document, metadata: unknown): void {
  const contents = doc.contents;
  if (!isMap(contents)) return;
  const pair = doc.createPair('Metadata', metadata);
  const keys = contents.items.map(item =>
    String((item.key as { value?: unknown })?.value ?? item.key),
  );
  let index = 0;
  while (
    index < keys.length &&
    (keys[index] === 'AWSTemplateFormatVersion' ||
      keys[index] === 'Description' ||
      keys[index] === 'Transform')
  ) {
    index++;
  }
  contents.items.splice(index, 0, pair);
}

/**
 * The manifest of a template; undefined when the template has none. Throws
 * when the template cannot be read or the manifest is malformed.
 */
export function readDeployManifest(
  templateYaml: string,
): DeployManifest | undefined {
  const template = parseYamlOrJson(templateYaml);
  if (!isPlainObject(template)) {
    throw new Error('The template is not a YAML mapping');
  }
  const metadata = template.Metadata;
  if (!isPlainObject(metadata) || metadata[DEPLOY_MANIFEST_KEY] === undefined) {
    return undefined;
  }
  const parsed = deployManifestSchema.safeParse(metadata[DEPLOY_MANIFEST_KEY]);
  if (!parsed.success) {
    throw new Error(
      `Metadata.${DEPLOY_MANIFEST_KEY} of the template is invalid: ${describeZodError(
        parsed.error,
      )}`,
    );
  }
  return parsed.data;
}

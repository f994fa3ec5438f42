import { execFileSync } from 'child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'fs';
import { delimiter, join, resolve } from 'path';
import { parseYamlOrJson } from '../../../remediation/validation/parseDocument';

/** Repository root (holds `infra/`). */
export const REPO_ROOT = resolve(__dirname, '../../../../../..');
export const INFRA_DIR = join(REPO_ROOT, 'infra');

type Json = Record<string, any>;

/** A CloudFormation template of `infra/`, short-form tags in long form. */
export function loadInfraTemplate(fileName: string): Json {
  return parseYamlOrJson(
    readFileSync(join(INFRA_DIR, fileName), 'utf8'),
  ) as Json;
}

/** IAM service prefix of each SDK client the adapters may use. */
const SERVICE_OF_CLIENT: Record<string, string> = {
  codecommit: 'codecommit',
  codepipeline: 'codepipeline',
  ssm: 'ssm',
  securityhub: 'securityhub',
};

/**
 * The IAM actions the adapters in `directory` call: every `new XxxCommand(`
 * and `paginateXxx(` of its non-test `.ts` files, mapped through the
 * `@aws-sdk/client-<service>` it is imported from to `<service>:Xxx`. A call
 * whose import it cannot find, or a client it does not know, is an error
 * (the roles must be reviewed for it).
 */
export function adapterActions(directory: string): {
  files: string[];
  actions: Set<string>;
} {
  const files = readdirSync(directory).filter(
    name => name.endsWith('.ts') && !name.endsWith('.test.ts'),
  );
  const actions = new Set<string>();
  for (const file of files) {
    const source = readFileSync(join(directory, file), 'utf8');
    const serviceOf = new Map<string, string>();
    const imports =
      /import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]@aws-sdk\/client-([a-z0-9-]+)['"]/g;
    for (const [, names, client] of source.matchAll(imports)) {
      for (const entry of names.split(',')) {
        const local = entry
          .trim()
          .split(/\s+as\s+/)
          .pop()
          ?.trim();
        const imported = entry
          .trim()
          .split(/\s+as\s+/)[0]
          .replace(/^type\s+/, '');
        if (local) serviceOf.set(local, `${client}|${imported}`);
      }
    }
    const calls =
      /\bnew\s+([A-Za-z0-9_]+Command)\s*\(|\b(paginate[A-Za-z0-9_]+)\s*\(/g;
    for (const [, command, paginator] of source.matchAll(calls)) {
      const local = command ?? paginator;
      const origin = serviceOf.get(local);
      if (!origin) {
        throw new Error(
          `${file}: ${local} is not imported from an @aws-sdk/client-* package`,
        );
      }
      const [client, imported] = origin.split('|');
      const service = SERVICE_OF_CLIENT[client];
      if (!service) {
        throw new Error(
          `${file}: @aws-sdk/client-${client} is not one the portal roles cover`,
        );
      }
      const operation = imported
        .replace(/^paginate/, '')
        .replace(/Command$/, '');
      actions.add(`${service}:${operation}`);
    }
  }
  return { files, actions };
}

export interface RoleGrant {
  action: string;
  /** The CloudFormation Condition the granting resource is under, if any. */
  condition?: string;
  statement: Json;
}

function statementsOf(document: Json | undefined): Json[] {
  const statement = document?.Statement ?? [];
  return Array.isArray(statement) ? statement : [statement];
}

function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function refersTo(value: unknown, logicalId: string): boolean {
  return (value as Json | undefined)?.Ref === logicalId;
}

/**
 * Every Allow action a role gets: its own `Policies`, and the
 * `AWS::IAM::RolePolicy` / `AWS::IAM::Policy` resources attached to it.
 */
export function roleGrants(template: Json, roleLogicalId: string): RoleGrant[] {
  const resources = template.Resources as Json;
  const role = resources[roleLogicalId];
  if (role?.Type !== 'AWS::IAM::Role') {
    throw new Error(`${roleLogicalId} is not an AWS::IAM::Role`);
  }
  const documents: Array<{ document: Json; condition?: string }> = (
    role.Properties.Policies ?? []
  ).map((policy: Json) => ({
    document: policy.PolicyDocument,
    condition: role.Condition,
  }));
  for (const resource of Object.values(resources) as Json[]) {
    const attached =
      (resource.Type === 'AWS::IAM::RolePolicy' &&
        refersTo(resource.Properties?.RoleName, roleLogicalId)) ||
      (resource.Type === 'AWS::IAM::Policy' &&
        listOf(resource.Properties?.Roles).some(r =>
          refersTo(r, roleLogicalId),
        ));
    if (attached) {
      documents.push({
        document: resource.Properties.PolicyDocument,
        condition: resource.Condition,
      });
    }
  }
  return documents.flatMap(({ document, condition }) =>
    statementsOf(document)
      .filter(statement => statement.Effect === 'Allow')
      .flatMap(statement =>
        (listOf(statement.Action) as string[]).map(action => ({
          action,
          condition,
          statement,
        })),
      ),
  );
}

/** A `python3` on PATH that can import boto3 and yaml (the deploy script's needs). */
export function findPythonWithBoto3(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'python3');
    try {
      accessSync(candidate, constants.X_OK);
      execFileSync(candidate, ['-c', 'import boto3, yaml'], {
        stdio: 'ignore',
      });
      return candidate;
    } catch {
      // absent here, or without boto3
    }
  }
  return undefined;
}

import { flattenSteps } from './automationDocument';
import type { EmbeddedAutomation } from './cloudFormation';
import {
  actionSupportsOnlyWildcardResource,
  deriveRequiredActions,
} from './iamActions';
import { hasSubPlaceholder, placeholderNames } from './intrinsics';
import { ProblemList, childPath, isIntrinsic, isPlainObject } from './types';

/** One statement of a policy attached to the automation's role. */
interface GrantStatement {
  statement: Record<string, unknown>;
  path: string;
  /** How a person finds it: `statement "Sid" of policy "Name"`. */
  label: string;
}

const asList = (value: unknown): unknown[] =>
  value === undefined ? [] : [value].flat();

const refersTo = (value: unknown, logicalId: string) =>
  isPlainObject(value) && value.Ref === logicalId;

/**
 * The logical id of the AWS::IAM::Role an `assumeRole` value names:
 * `!GetAtt Role.Arn`, `${Role.Arn}` in a `!Sub` content, or a
 * `{{ Parameter }}` whose default is one of those.
 */
function assumedRoleId(
  value: unknown,
  automation: EmbeddedAutomation,
  depth = 0,
): string | undefined {
  if (isIntrinsic(value) && Array.isArray(value['Fn::GetAtt'])) {
    const [resource, attribute] = value['Fn::GetAtt'] as unknown[];
    return attribute === 'Arn' && typeof resource === 'string'
      ? resource
      : undefined;
  }
  if (typeof value !== 'string') return undefined;
  if (hasSubPlaceholder(value)) {
    for (const name of placeholderNames(value, automation.placeholders)) {
      if (name.endsWith('.Arn')) return name.slice(0, -'.Arn'.length);
      // `!Sub [text, { RoleArn: !GetAtt Role.Arn }]`
      const variable = automation.subVariables[name];
      if (variable !== undefined && depth < 2) {
        return assumedRoleId(variable, automation, depth + 1);
      }
    }
    return undefined;
  }
  const parameter = /^\{\{\s*([A-Za-z0-9_]+)\s*\}\}$/.exec(value)?.[1];
  const parameters = automation.document.parameters;
  if (!parameter || depth > 1 || !isPlainObject(parameters)) return undefined;
  const definition = parameters[parameter];
  return isPlainObject(definition)
    ? assumedRoleId(definition.default, automation, depth + 1)
    : undefined;
}

function statementsOf(
  policyDocument: unknown,
  path: string,
  policyName: string,
): GrantStatement[] {
  if (!isPlainObject(policyDocument)) return [];
  return asList(policyDocument.Statement).flatMap((statement, index) => {
    if (!isPlainObject(statement)) return [];
    const sid =
      typeof statement.Sid === 'string'
        ? `"${statement.Sid}"`
        : `#${index + 1}`;
    return [
      {
        statement,
        path: childPath(childPath(path, 'PolicyDocument.Statement'), index),
        label: `statement ${sid} of policy "${policyName}"`,
      },
    ];
  });
}

/** Inline policies of the role plus AWS::IAM::Policy/ManagedPolicy resources attached to it. */
function grantsOfRole(
  roleId: string,
  role: Record<string, unknown>,
  resources: Record<string, unknown>,
  problems: ProblemList,
): GrantStatement[] {
  const rolePath = childPath(childPath('Resources', roleId), 'Properties');
  const grants: GrantStatement[] = [];
  asList(role.Policies).forEach((policy, index) => {
    if (!isPlainObject(policy)) return;
    const name =
      typeof policy.PolicyName === 'string'
        ? policy.PolicyName
        : `${roleId} inline #${index + 1}`;
    grants.push(
      ...statementsOf(
        policy.PolicyDocument,
        childPath(childPath(rolePath, 'Policies'), index),
        name,
      ),
    );
  });
  const attachedIds = new Set(
    asList(role.ManagedPolicyArns).flatMap(arn => {
      if (isPlainObject(arn) && typeof arn.Ref === 'string') return [arn.Ref];
      problems.error(
        'iam-managed-policy',
        childPath(rolePath, 'ManagedPolicyArns'),
        `Role "${roleId}" attaches managed policy ${JSON.stringify(
          arn,
        )}, whose actions cannot be checked; replace it with an inline policy listing the exact actions the steps need`,
      );
      return [];
    }),
  );
  for (const [id, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource) || !isPlainObject(resource.Properties))
      continue;
    const properties = resource.Properties;
    const attached =
      attachedIds.has(id) ||
      asList(properties.Roles).some(r => refersTo(r, roleId));
    if (
      !attached ||
      (resource.Type !== 'AWS::IAM::Policy' &&
        resource.Type !== 'AWS::IAM::ManagedPolicy')
    )
      continue;
    const name =
      typeof properties.PolicyName === 'string' ? properties.PolicyName : id;
    grants.push(
      ...statementsOf(
        properties.PolicyDocument,
        childPath(childPath('Resources', id), 'Properties'),
        name,
      ),
    );
  }
  return grants;
}

/** The trust policy must let only Systems Manager assume the role. */
function checkTrustPolicy(
  roleId: string,
  role: Record<string, unknown>,
  problems: ProblemList,
): void {
  const path = childPath(
    childPath(childPath('Resources', roleId), 'Properties'),
    'AssumeRolePolicyDocument',
  );
  const trust = role.AssumeRolePolicyDocument;
  if (!isPlainObject(trust)) return;
  asList(trust.Statement).forEach((statement, index) => {
    if (!isPlainObject(statement) || statement.Effect !== 'Allow') return;
    const principal = statement.Principal;
    const services =
      isPlainObject(principal) && Object.keys(principal).length === 1
        ? asList(principal.Service)
        : undefined;
    const onlySsm =
      services !== undefined &&
      services.length > 0 &&
      services.every(
        service =>
          service === 'ssm.amazonaws.com' ||
          (isIntrinsic(service) &&
            typeof service['Fn::Sub'] === 'string' &&
            service['Fn::Sub'] === 'ssm.${AWS::URLSuffix}'),
      );
    if (!onlySsm) {
      problems.error(
        'iam-trust-principal',
        childPath(childPath(path, 'Statement'), index),
        `Role "${roleId}" trust statement #${index + 1} allows ${JSON.stringify(
          principal,
        )} to assume it; an automation role must trust only { Service: ssm.amazonaws.com }`,
      );
    }
  });
}

/**
 * Least privilege of each Automation document's assume role: no wildcard
 * actions, every needed action granted, nothing granted that no step needs,
 * and `Resource: "*"` only for actions that cannot be scoped.
 */
export function checkLeastPrivilege(
  template: Record<string, unknown>,
  automations: EmbeddedAutomation[],
  problems: ProblemList,
): void {
  const resources = isPlainObject(template.Resources) ? template.Resources : {};
  for (const automation of automations) {
    const { document, resourceName } = automation;
    const roleId = assumedRoleId(document.assumeRole, automation);
    const role = roleId ? resources[roleId] : undefined;
    if (
      !roleId ||
      !isPlainObject(role) ||
      role.Type !== 'AWS::IAM::Role' ||
      !isPlainObject(role.Properties)
    ) {
      problems.warning(
        'iam-role-unresolved',
        childPath(automation.path, 'assumeRole'),
        `SSM document "${resourceName}": assumeRole does not point at an AWS::IAM::Role of this template (use !GetAtt Role.Arn, directly or as the AutomationAssumeRole default), so least privilege was not checked`,
      );
      continue;
    }
    const properties = role.Properties;
    checkTrustPolicy(roleId, properties, problems);
    const isDynamic = (value: unknown) =>
      isIntrinsic(value) ||
      (typeof value === 'string' &&
        (value.includes('{{') || hasSubPlaceholder(value)));
    const required = deriveRequiredActions(
      flattenSteps(document, automation.path),
      isDynamic,
    );
    const neededLower = new Map(
      [...required.needed.keys()].map(action => [action.toLowerCase(), action]),
    );
    const optionalLower = new Set(
      [...required.optional].map(action => action.toLowerCase()),
    );
    const granted = new Set<string>();
    const unprovenScriptActions: string[] = [];
    for (const { statement, path, label } of grantsOfRole(
      roleId,
      properties,
      resources,
      problems,
    )) {
      if (statement.Effect !== 'Allow') continue;
      const where = `Role "${roleId}" ${label}`;
      if ('NotAction' in statement || 'NotResource' in statement) {
        problems.error(
          'iam-wildcard-action',
          path,
          `${where} uses NotAction/NotResource, which grants everything else; list the exact actions and resources instead`,
        );
        continue;
      }
      const resourceList = asList(statement.Resource);
      const resourceIsStar = resourceList.includes('*');
      for (const action of asList(statement.Action)) {
        if (typeof action !== 'string') continue;
        if (action.includes('*') || action.includes('?')) {
          problems.error(
            'iam-wildcard-action',
            childPath(path, 'Action'),
            `${where} grants "${action}"; replace the wildcard with the exact actions the steps call`,
          );
          continue;
        }
        granted.add(action.toLowerCase());
        if (
          !neededLower.has(action.toLowerCase()) &&
          !optionalLower.has(action.toLowerCase())
        ) {
          if (required.scriptSteps.length > 0)
            unprovenScriptActions.push(action);
          else
            problems.error(
              'iam-unneeded-action',
              childPath(path, 'Action'),
              `${where} grants "${action}", which no step of SSM document "${resourceName}" needs; remove it (over-broad role)`,
            );
        }
        if (resourceIsStar && !actionSupportsOnlyWildcardResource(action)) {
          problems.error(
            'iam-wildcard-resource',
            childPath(path, 'Resource'),
            `${where} grants "${action}" on Resource "*", but ${action} supports resource-level permissions; scope it to the resource ARN (e.g. with !Sub over the template parameters)`,
          );
        }
      }
    }
    for (const [action, stepNames] of required.needed) {
      if (!granted.has(action.toLowerCase())) {
        problems.error(
          'iam-missing-action',
          childPath(childPath('Resources', roleId), 'Properties'),
          `Role "${roleId}" does not grant "${action}", which step${
            stepNames.length > 1 ? 's' : ''
          } ${stepNames
            .map(n => `"${n}"`)
            .join(', ')} of SSM document "${resourceName}" need${
            stepNames.length > 1 ? '' : 's'
          }; add it to the role's policy`,
        );
      }
    }
    if (required.scriptSteps.length > 0) {
      problems.warning(
        'iam-script-permissions',
        automation.path,
        `SSM document "${resourceName}": the actions of script step${
          required.scriptSteps.length > 1 ? 's' : ''
        } ${required.scriptSteps
          .map(n => `"${n}"`)
          .join(', ')} cannot be derived; role "${roleId}" grants ${
          unprovenScriptActions.length
            ? unprovenScriptActions.map(a => `"${a}"`).join(', ')
            : 'nothing extra'
        } for them — declared, not proven`,
      );
    }
    for (const stepName of required.underivableSteps) {
      problems.warning(
        'iam-underivable-step',
        automation.path,
        `SSM document "${resourceName}": step "${stepName}" calls an API that cannot be resolved (dynamic or unknown Service/Api); check the role grants what it needs`,
      );
    }
  }
}

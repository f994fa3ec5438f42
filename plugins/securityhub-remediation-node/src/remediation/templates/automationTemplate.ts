import { stringify } from 'yaml';
import type { AutomationStep, CuratedParameter } from '../curated/types';

/** A statement of the AutomationAssumeRole; resources in `Fn::Sub` syntax. */
export interface RoleStatement {
  actions: string[];
  resources: string[];
  /** IAM condition block, e.g. iam:PassedToService for iam:PassRole. */
  condition?: Record<string, Record<string, string | string[]>>;
}

export interface AutomationTemplateInput {
  /** Stack, file and document name (see remediationStackName). */
  name: string;
  controlId: string;
  /** One line: what the automation does. */
  description: string;
  /** Document parameters besides AutomationAssumeRole; each is also a template parameter. */
  parameters: Record<string, Omit<CuratedParameter, 'fill'>>;
  /** Template parameters only the role's statements use (e.g. the resource ARN). */
  roleParameters?: Record<
    string,
    { description: string; allowedPattern?: string }
  >;
  steps: AutomationStep[];
  statements: RoleStatement[];
  /**
   * The document starts another Automation (aws:executeAutomation) under the
   * same role, so the role may pass itself to SSM. Granted in a separate
   * policy resource: a role's own policy cannot reference its ARN.
   */
  passesRoleToAutomation?: boolean;
}

export const ROLE_LOGICAL_ID = 'AutomationAssumeRole';
export const DOCUMENT_LOGICAL_ID = 'RemediationDocument';
export const PASS_ROLE_POLICY_LOGICAL_ID = 'PassRoleToAutomation';

/** CloudFormation parameter type for an Automation parameter type. */
function templateParameterType(type: CuratedParameter['type']): string {
  if (type === 'Integer') return 'Number';
  if (type === 'StringList') return 'CommaDelimitedList';
  return 'String';
}

/** Marks where `Fn::Sub` inserts a template value into the document content. */
const SUBSTITUTION = /"@@sub:([A-Za-z0-9.]+):(quoted|bare)@@"/g;

function substitution(name: string, type: CuratedParameter['type']): string {
  const quoting = type === 'Integer' || type === 'Boolean' ? 'bare' : 'quoted';
  return `@@sub:${name}:${quoting}@@`;
}

/**
 * The document content as JSON text under `Fn::Sub`. CloudFormation stores a
 * string as the document; an object `Content` is not returned as text by
 * every implementation (moto's GetDocument does not). Literal
 * `${` in the content (e.g. inside a script) is escaped as `${!`.
 */
function documentContent(content: Record<string, unknown>): string {
  return JSON.stringify(content, null, 2)
    .replace(/\$\{/g, '${!')
    .replace(SUBSTITUTION, (_match, name: string, quoting: string) =>
      quoting === 'quoted' ? `"\${${name}}"` : `\${${name}}`,
    );
}

/**
 * The CloudFormation template of a remediation: the Automation document
 * (schemaVersion 0.3, JSON content) and the role it runs under. The
 * resource to fix is a template parameter (filled by `<Name>-params.json`)
 * and the document parameter's default, so the role's statements can name
 * that one resource and an operator can start the automation with no input.
 */
export function automationTemplate(
  input: AutomationTemplateInput,
): Record<string, unknown> {
  const templateParameters: Record<string, unknown> = {};
  const documentParameters: Record<string, unknown> = {
    AutomationAssumeRole: {
      type: 'String',
      description: 'Role the automation runs under (created by this stack).',
      default: substitution(`${ROLE_LOGICAL_ID}.Arn`, 'String'),
    },
  };
  for (const [key, parameter] of Object.entries(input.parameters)) {
    templateParameters[key] = {
      Type: templateParameterType(parameter.type),
      Description: parameter.description,
      // An empty value (not filled from the finding) fails the deploy.
      ...(parameter.type === 'String' ? { MinLength: 1 } : {}),
      ...(parameter.allowedPattern
        ? { AllowedPattern: parameter.allowedPattern }
        : {}),
    };
    documentParameters[key] = {
      type: parameter.type,
      description: parameter.description,
      ...(parameter.allowedPattern
        ? { allowedPattern: parameter.allowedPattern }
        : {}),
      default: substitution(key, parameter.type),
    };
  }

  for (const [key, parameter] of Object.entries(input.roleParameters ?? {})) {
    templateParameters[key] = {
      Type: 'String',
      Description: parameter.description,
      MinLength: 1,
      ...(parameter.allowedPattern
        ? { AllowedPattern: parameter.allowedPattern }
        : {}),
    };
  }

  const statements = input.statements.map(statement => ({
    Effect: 'Allow',
    Action: statement.actions,
    Resource: statement.resources.map(resource =>
      resource.includes('${') ? { 'Fn::Sub': resource } : resource,
    ),
    ...(statement.condition ? { Condition: statement.condition } : {}),
  }));

  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Security Hub ${input.controlId}: ${input.description}`,
    ...(Object.keys(templateParameters).length
      ? { Parameters: templateParameters }
      : {}),
    Resources: {
      [ROLE_LOGICAL_ID]: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Description: `Runs the ${input.controlId} remediation automation`,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'ssm.amazonaws.com' },
                Action: 'sts:AssumeRole',
                // Only Automation runs of this account may assume it.
                Condition: {
                  StringEquals: {
                    'aws:SourceAccount': { Ref: 'AWS::AccountId' },
                  },
                },
              },
            ],
          },
          Policies: [
            {
              PolicyName: 'remediation',
              PolicyDocument: { Version: '2012-10-17', Statement: statements },
            },
          ],
        },
      },
      ...(input.passesRoleToAutomation
        ? { [PASS_ROLE_POLICY_LOGICAL_ID]: passRolePolicy() }
        : {}),
      [DOCUMENT_LOGICAL_ID]: {
        Type: 'AWS::SSM::Document',
        Properties: {
          Name: input.name,
          DocumentType: 'Automation',
          DocumentFormat: 'JSON',
          // A changed document becomes a new version instead of a replacement.
          UpdateMethod: 'NewVersion',
          Content: {
            'Fn::Sub': documentContent({
              schemaVersion: '0.3',
              description: `Security Hub ${input.controlId}: ${input.description}`,
              assumeRole: '{{ AutomationAssumeRole }}',
              parameters: documentParameters,
              mainSteps: input.steps,
            }),
          },
        },
      },
    },
    Outputs: {
      DocumentName: {
        Description: 'Start this Automation document to remediate',
        Value: { Ref: DOCUMENT_LOGICAL_ID },
      },
      AutomationAssumeRoleArn: {
        Value: { 'Fn::GetAtt': [ROLE_LOGICAL_ID, 'Arn'] },
      },
    },
  };
}

function passRolePolicy(): Record<string, unknown> {
  return {
    Type: 'AWS::IAM::Policy',
    Properties: {
      PolicyName: 'pass-role-to-automation',
      Roles: [{ Ref: ROLE_LOGICAL_ID }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['iam:PassRole'],
            Resource: [{ 'Fn::GetAtt': [ROLE_LOGICAL_ID, 'Arn'] }],
            Condition: {
              StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' },
            },
          },
        ],
      },
    },
  };
}

/** YAML as the pipeline stages it: long-form intrinsics, no anchors, stable key order. */
export function templateYaml(template: Record<string, unknown>): string {
  // YAML 1.1 quoting, so no 1.1 reader sees a date in 2010-09-09 or a
  // boolean in "yes"/"on".
  return stringify(template, {
    aliasDuplicateObjects: false,
    lineWidth: 0,
    version: '1.1',
  });
}

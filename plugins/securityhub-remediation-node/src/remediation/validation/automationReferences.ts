import { suggestion } from './awsApiIndex';
import { AUTOMATION_ACTIONS, GLOBAL_VARIABLES } from './automationActions';
import type { AutomationContext, LocatedStep } from './automationStepChecks';
import { ProblemList, childPath, isIntrinsic, isPlainObject } from './types';

/** What `{{ … }}` references of one Automation document can resolve to. */
export interface ReferenceScope {
  parameters: Set<string>;
  variables: Set<string>;
  /** Step name → outputs readable as `{{ Step.Output }}`. */
  stepOutputs: Map<string, Set<string>>;
}

const REFERENCE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * The expressions of every `{{ … }}` in a string, trimmed. An empty one
 * (the `{{{}}}` of an embedded template body) names nothing, so Automation
 * leaves it as text:
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-variables.html
 */
export function referencesIn(text: string): string[] {
  return Array.from(text.matchAll(REFERENCE), match => match[1]).filter(
    expression => expression.trim() !== '',
  );
}

/**
 * Why a reference does not resolve, or undefined when it does. The forms:
 * a parameter, `variable:Name`, `Step.Output`, `global:…`,
 * `automation:EXECUTION_ID`, `ssm:/path` and `ssm-secure:/path`.
 */
export function unresolvedReason(
  expression: string,
  scope: ReferenceScope,
): string | undefined {
  const colon = expression.indexOf(':');
  if (colon > 0) {
    const namespace = expression.slice(0, colon);
    const name = expression.slice(colon + 1).trim();
    switch (namespace) {
      case 'global':
        return GLOBAL_VARIABLES.has(name)
          ? undefined
          : `"global:${name}" is not an Automation global variable (${[
              ...GLOBAL_VARIABLES,
            ].join(', ')})`;
      case 'automation':
        return name === 'EXECUTION_ID'
          ? undefined
          : `"automation:${name}" is not defined; only automation:EXECUTION_ID is`;
      case 'ssm':
      case 'ssm-secure':
        return name
          ? undefined
          : `"${namespace}:" names no Parameter Store parameter`;
      case 'variable':
        return scope.variables.has(name)
          ? undefined
          : `no document variable "${name}" is declared under variables.${suggestion(
              name,
              scope.variables,
            )}`;
      default:
        return `unknown reference namespace "${namespace}:" (use global:, automation:, ssm:, ssm-secure: or variable:)`;
    }
  }
  const dot = expression.indexOf('.');
  if (dot < 0) {
    if (scope.parameters.has(expression)) return undefined;
    return `no parameter named "${expression}" is declared under parameters.${suggestion(
      expression,
      [...scope.parameters, ...scope.variables],
    )}`;
  }
  const stepName = expression.slice(0, dot);
  const outputName = expression.slice(dot + 1);
  const outputs = scope.stepOutputs.get(stepName);
  if (!outputs) {
    return `no step named "${stepName}".${suggestion(
      stepName,
      scope.stepOutputs.keys(),
    )}`;
  }
  if (outputs.has(outputName)) return undefined;
  return `step "${stepName}" has no output "${outputName}" (it has: ${
    [...outputs].join(', ') || 'none'
  }); declare it under the step's outputs.${suggestion(outputName, outputs)}`;
}

/** Inputs whose text is code, not interpolated by Automation. */
const UNSCANNED_KEYS = new Set(['Script', 'description']);

export function checkReferences(
  value: unknown,
  path: string,
  scope: ReferenceScope,
  problems: ProblemList,
  context: AutomationContext,
): void {
  if (typeof value === 'string') {
    for (const expression of referencesIn(value)) {
      if (context.isOpaqueString(expression)) continue;
      const reason = unresolvedReason(expression, scope);
      if (reason)
        problems.error(
          'automation-unresolved-reference',
          path,
          `{{ ${expression} }} does not resolve: ${reason}`,
        );
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) =>
      checkReferences(item, childPath(path, i), scope, problems, context),
    );
  } else if (isPlainObject(value) && !isIntrinsic(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (!UNSCANNED_KEYS.has(key))
        checkReferences(inner, childPath(path, key), scope, problems, context);
    }
  }
}

export function referenceScope(
  document: Record<string, unknown>,
  steps: LocatedStep[],
): ReferenceScope {
  const stepOutputs = new Map<string, Set<string>>();
  for (const { step, name, action } of steps) {
    const outputs = new Set(AUTOMATION_ACTIONS[action]?.builtInOutputs ?? []);
    if (Array.isArray(step.outputs))
      for (const output of step.outputs)
        if (isPlainObject(output) && typeof output.Name === 'string')
          outputs.add(output.Name);
    if (name) stepOutputs.set(name, outputs);
  }
  return {
    parameters: new Set(
      isPlainObject(document.parameters)
        ? Object.keys(document.parameters)
        : [],
    ),
    variables: new Set(
      isPlainObject(document.variables) ? Object.keys(document.variables) : [],
    ),
    stepOutputs,
  };
}

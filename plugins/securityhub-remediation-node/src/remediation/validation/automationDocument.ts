import {
  API_CALLING_ACTIONS,
  AUTOMATION_ACTIONS,
  OUTPUT_TYPES,
  PARAMETER_TYPES,
  STEP_KEYS,
} from './automationActions';
import { checkReferences, referenceScope } from './automationReferences';
import { suggestion } from './awsApiIndex';
import {
  AutomationContext,
  LocatedStep,
  checkApiCall,
  checkChoice,
  checkFailureTarget,
  checkScriptCalls,
  checkTarget,
  isDynamic,
} from './automationStepChecks';
import { ProblemList, childPath, isIntrinsic, isPlainObject } from './types';

export type { AutomationContext, LocatedStep } from './automationStepChecks';

const NO_OPAQUE_STRINGS: AutomationContext = { isOpaqueString: () => false };

/** Every step of a document, loop bodies included, in document order. */
export function flattenSteps(
  document: Record<string, unknown>,
  basePath = '',
): LocatedStep[] {
  const located: LocatedStep[] = [];
  const visit = (steps: unknown, path: string) => {
    if (!Array.isArray(steps)) return;
    steps.forEach((step, index) => {
      if (!isPlainObject(step)) return;
      const stepPath = childPath(path, index);
      located.push({
        step,
        path: stepPath,
        name: typeof step.name === 'string' ? step.name : '',
        action: typeof step.action === 'string' ? step.action : '',
      });
      if (step.action === 'aws:loop' && isPlainObject(step.inputs)) {
        visit(step.inputs.Steps, childPath(stepPath, 'inputs.Steps'));
      }
    });
  };
  visit(document.mainSteps, childPath(basePath, 'mainSteps'));
  return located;
}

function checkParameters(
  document: Record<string, unknown>,
  basePath: string,
  problems: ProblemList,
  context: AutomationContext,
): void {
  const parameters = document.parameters ?? {};
  if (!isPlainObject(parameters)) {
    problems.error(
      'automation-parameters',
      childPath(basePath, 'parameters'),
      'parameters must be a mapping of parameter name to { type, description, default }',
    );
    return;
  }
  for (const [name, definition] of Object.entries(parameters)) {
    const path = childPath(childPath(basePath, 'parameters'), name);
    if (!isPlainObject(definition)) {
      problems.error(
        'automation-parameter-type',
        path,
        `Parameter "${name}" must be a mapping with a type`,
      );
      continue;
    }
    const type = definition.type;
    if (typeof type !== 'string' || !PARAMETER_TYPES.has(type)) {
      problems.error(
        'automation-parameter-type',
        childPath(path, 'type'),
        `Parameter "${name}" has type ${JSON.stringify(type)}; use one of ${[
          ...PARAMETER_TYPES,
        ].join(', ')}`,
      );
      continue;
    }
    const value = definition.default;
    if (value === undefined || isDynamic(value, context)) continue;
    const fits: Record<string, (v: unknown) => boolean> = {
      String: v => typeof v === 'string',
      Integer: v =>
        Number.isInteger(v) || (typeof v === 'string' && /^-?\d+$/.test(v)),
      Boolean: v => typeof v === 'boolean' || v === 'true' || v === 'false',
      StringList: v => Array.isArray(v),
      MapList: v =>
        Array.isArray(v) &&
        v.every(item => isPlainObject(item) || isDynamic(item, context)),
      StringMap: v => isPlainObject(v),
    };
    // An AWS resource type holds an id, name or ARN, or a list of them.
    const fit =
      fits[type] ?? (type.startsWith('List<') ? fits.StringList : fits.String);
    if (!fit(value)) {
      problems.error(
        'automation-parameter-default',
        childPath(path, 'default'),
        `Default of parameter "${name}" (${JSON.stringify(
          value,
        )}) is not a ${type}`,
      );
    }
  }
}

/** Validates one list of steps (mainSteps or a loop's Steps). */
function checkStepList(
  steps: unknown,
  path: string,
  problems: ProblemList,
  context: AutomationContext,
  seen: Set<string>,
  outer: ReadonlySet<string> = new Set(),
): void {
  if (!Array.isArray(steps) || steps.length === 0) {
    problems.error(
      'automation-steps',
      path,
      `${path} must be a non-empty list of steps`,
    );
    return;
  }
  const siblings = new Set(
    steps
      .filter(isPlainObject)
      .map(step => step.name)
      .filter((n): n is string => typeof n === 'string'),
  );
  // A step inside aws:loop may go on to a step outside it, which ends the
  // loop: https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-loop.html
  const reachable = new Set([...outer, ...siblings]);
  steps.forEach((step, index) => {
    const stepPath = childPath(path, index);
    if (!isPlainObject(step)) {
      problems.error(
        'automation-steps',
        stepPath,
        'A step must be a mapping with name, action and inputs',
      );
      return;
    }
    const name =
      typeof step.name === 'string' && step.name ? step.name : `#${index + 1}`;
    if (typeof step.name !== 'string' || !step.name)
      problems.error(
        'automation-step-name',
        stepPath,
        `Step ${name} has no name`,
      );
    else if (seen.has(name))
      problems.error(
        'automation-duplicate-step',
        childPath(stepPath, 'name'),
        `Step name "${name}" is used more than once; step names must be unique in the document`,
      );
    seen.add(name);
    for (const key of Object.keys(step)) {
      if (!STEP_KEYS.has(key))
        problems.error(
          'automation-unknown-step-key',
          childPath(stepPath, key),
          `Step "${name}": "${key}" is not a step property.${suggestion(
            key,
            STEP_KEYS,
          )}`,
        );
    }
    const action = typeof step.action === 'string' ? step.action : '';
    const spec = AUTOMATION_ACTIONS[action];
    if (!spec) {
      problems.error(
        'automation-unknown-action',
        childPath(stepPath, 'action'),
        `Step "${name}": action ${JSON.stringify(
          step.action,
        )} is not an Automation action.${suggestion(
          action,
          Object.keys(AUTOMATION_ACTIONS),
        )}`,
      );
      return;
    }
    const inputs = step.inputs ?? {};
    if (!isPlainObject(inputs)) {
      problems.error(
        'automation-missing-input',
        childPath(stepPath, 'inputs'),
        `Step "${name}": inputs must be a mapping`,
      );
      return;
    }
    for (const required of spec.required) {
      if (!(required in inputs))
        problems.error(
          'automation-missing-input',
          childPath(stepPath, 'inputs'),
          `Step "${name}" (${action}) is missing the required input "${required}"`,
        );
    }
    if (
      action === 'aws:executeScript' &&
      typeof inputs.Runtime === 'string' &&
      /^python/i.test(inputs.Runtime) &&
      !('Handler' in inputs)
    )
      problems.error(
        'automation-missing-input',
        childPath(stepPath, 'inputs'),
        `Step "${name}" (${action}) is missing the required input "Handler" (the Python function to run)`,
      );
    if (action === 'aws:executeScript')
      checkScriptCalls(name, stepPath, inputs, problems);
    if (spec.requiredOneOf && !spec.requiredOneOf.some(key => key in inputs)) {
      problems.error(
        'automation-missing-input',
        childPath(stepPath, 'inputs'),
        `Step "${name}" (${action}) needs one of the inputs ${spec.requiredOneOf.join(
          ' or ',
        )}`,
      );
    }
    if ('nextStep' in step)
      checkTarget(
        step.nextStep,
        reachable,
        name,
        'nextStep',
        childPath(stepPath, 'nextStep'),
        problems,
      );
    for (const key of ['onFailure', 'onCancel'] as const) {
      if (key in step)
        checkFailureTarget(
          step[key],
          key,
          reachable,
          name,
          childPath(stepPath, key),
          problems,
        );
    }
    if ('outputs' in step) {
      if (!Array.isArray(step.outputs))
        problems.error(
          'automation-outputs',
          childPath(stepPath, 'outputs'),
          `Step "${name}": outputs must be a list of { Name, Selector, Type }`,
        );
      else if (!spec.declaresOutputs)
        problems.warning(
          'automation-outputs',
          childPath(stepPath, 'outputs'),
          `Step "${name}": ${action} does not take declared outputs; its outputs are ${
            spec.builtInOutputs.join(', ') || 'none'
          }`,
        );
      else
        step.outputs.forEach((output, i) => {
          const outputPath = childPath(childPath(stepPath, 'outputs'), i);
          if (
            !isPlainObject(output) ||
            typeof output.Name !== 'string' ||
            typeof output.Selector !== 'string'
          )
            problems.error(
              'automation-outputs',
              outputPath,
              `Step "${name}": each output needs a Name and a Selector (e.g. $.Payload.Status)`,
            );
          // Type is optional (String when left out), as AWS-owned runbooks
          // use it: https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-syntax-data-elements-parameters.html
          else if (
            output.Type !== undefined &&
            (typeof output.Type !== 'string' || !OUTPUT_TYPES.has(output.Type))
          )
            problems.error(
              'automation-outputs',
              childPath(outputPath, 'Type'),
              `Step "${name}": output "${
                output.Name
              }" has Type ${JSON.stringify(output.Type)}; use one of ${[
                ...OUTPUT_TYPES,
              ].join(', ')}`,
            );
        });
    }
    if (API_CALLING_ACTIONS.has(action))
      checkApiCall(
        { step, path: stepPath, name, action },
        inputs,
        problems,
        context,
      );
    if (action === 'aws:branch') {
      if (!Array.isArray(inputs.Choices) || inputs.Choices.length === 0)
        problems.error(
          'automation-branch',
          childPath(stepPath, 'inputs.Choices'),
          `Step "${name}": Choices must be a non-empty list`,
        );
      else
        inputs.Choices.forEach((choice, i) => {
          const choicePath = childPath(
            childPath(stepPath, 'inputs.Choices'),
            i,
          );
          checkChoice(choice, choicePath, name, problems, false);
          if (isPlainObject(choice))
            checkTarget(
              choice.NextStep,
              reachable,
              name,
              'NextStep',
              childPath(choicePath, 'NextStep'),
              problems,
            );
        });
      if ('Default' in inputs)
        checkTarget(
          inputs.Default,
          reachable,
          name,
          'Default',
          childPath(stepPath, 'inputs.Default'),
          problems,
        );
    }
    if (action === 'aws:loop')
      checkStepList(
        inputs.Steps,
        childPath(stepPath, 'inputs.Steps'),
        problems,
        context,
        seen,
        reachable,
      );
  });
}

/**
 * Validates an SSM Automation document (schemaVersion 0.3). `basePath`
 * prefixes every problem path (the document may sit inside a template).
 */
export function validateAutomationDocument(
  document: Record<string, unknown>,
  problems: ProblemList,
  basePath = '',
  context: AutomationContext = NO_OPAQUE_STRINGS,
): void {
  if (document.schemaVersion !== '0.3' && document.schemaVersion !== 0.3) {
    problems.error(
      'automation-schema-version',
      childPath(basePath, 'schemaVersion'),
      `schemaVersion is ${JSON.stringify(
        document.schemaVersion,
      )}; Automation documents use '0.3'`,
    );
  }
  const assumeRole = document.assumeRole;
  if (
    assumeRole !== undefined &&
    typeof assumeRole !== 'string' &&
    !isIntrinsic(assumeRole)
  ) {
    problems.error(
      'automation-assume-role',
      childPath(basePath, 'assumeRole'),
      'assumeRole must be a role ARN or a {{ Parameter }} reference',
    );
  }
  checkParameters(document, basePath, problems, context);
  checkStepList(
    document.mainSteps,
    childPath(basePath, 'mainSteps'),
    problems,
    context,
    new Set(),
  );
  const scope = referenceScope(document, flattenSteps(document, basePath));
  const { description: _description, ...scanned } = document;
  checkReferences(scanned, basePath, scope, problems, context);
}

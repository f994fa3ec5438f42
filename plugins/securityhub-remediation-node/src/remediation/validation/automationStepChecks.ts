import { BRANCH_OPERATORS, NON_API_INPUTS } from './automationActions';
import {
  findOperation,
  findService,
  loadAwsApiIndex,
  suggestion,
} from './awsApiIndex';
import { botoMethodName, pythonScriptCalls } from './scriptCalls';
import { ProblemList, childPath, isIntrinsic, isPlainObject } from './types';

/** How a value that CloudFormation fills in at deploy time is recognised. */
export interface AutomationContext {
  /** True for strings holding an `Fn::Sub` `${…}` placeholder. */
  isOpaqueString: (value: string) => boolean;
}

/** Whether a value is only known at deploy or run time. */
export function isDynamic(value: unknown, context: AutomationContext): boolean {
  if (isIntrinsic(value)) return true;
  return (
    typeof value === 'string' &&
    (value.includes('{{') || context.isOpaqueString(value))
  );
}

/** A step with its path, at any depth (aws:loop nests steps). */
export interface LocatedStep {
  step: Record<string, unknown>;
  path: string;
  name: string;
  action: string;
}

export function checkApiCall(
  located: LocatedStep,
  inputs: Record<string, unknown>,
  problems: ProblemList,
  context: AutomationContext,
): void {
  const { name, path } = located;
  const { Service: serviceValue, Api: apiValue } = inputs;
  if (typeof serviceValue !== 'string' || isDynamic(serviceValue, context))
    return;
  const found = findService(serviceValue);
  if (!found) {
    const index = loadAwsApiIndex();
    problems.error(
      'automation-unknown-service',
      childPath(path, 'inputs.Service'),
      `Step "${name}": Service "${serviceValue}" is not an AWS service of the API index (${
        index.source
      }); use the boto3 client name, e.g. ec2, s3, elbv2.${suggestion(
        serviceValue,
        Object.keys(index.services),
      )}`,
    );
    return;
  }
  if (typeof apiValue !== 'string' || isDynamic(apiValue, context)) return;
  const operation = findOperation(found.service, apiValue);
  if (!operation) {
    problems.error(
      'automation-unknown-api',
      childPath(path, 'inputs.Api'),
      `Step "${name}": Api "${apiValue}" is not an operation of service "${
        found.serviceName
      }" (looked in ${found.serviceName} ${
        found.service.apiVersion
      }).${suggestion(apiValue, Object.keys(found.service.operations))}`,
    );
    return;
  }
  const members = found.service.operations[operation];
  for (const key of Object.keys(inputs)) {
    if (NON_API_INPUTS.has(key) || members.includes(key)) continue;
    problems.error(
      'automation-unknown-api-input',
      childPath(path, `inputs.${key}`),
      `Step "${name}": input "${key}" is not a parameter of ${
        found.serviceName
      } ${operation} (it takes: ${
        members.join(', ') || 'nothing'
      }).${suggestion(key, members)}`,
    );
  }
}

/** A `nextStep`/`NextStep` target in this list of sibling steps. */
export function checkTarget(
  target: unknown,
  siblings: Set<string>,
  stepName: string,
  key: string,
  path: string,
  problems: ProblemList,
): void {
  if (typeof target !== 'string') {
    problems.error(
      'automation-missing-next-step',
      path,
      `Step "${stepName}": ${key} must be a step name`,
    );
  } else if (!siblings.has(target)) {
    problems.error(
      'automation-missing-next-step',
      path,
      `Step "${stepName}": ${key} "${target}" is not a step of this list or of one that encloses it.${suggestion(
        target,
        siblings,
      )}`,
    );
  }
}

/** onFailure/onCancel: `Abort`, `Continue` (onFailure only) or `step:<name>`. */
export function checkFailureTarget(
  value: unknown,
  key: 'onFailure' | 'onCancel',
  siblings: Set<string>,
  stepName: string,
  path: string,
  problems: ProblemList,
): void {
  if (value === 'Abort' || (key === 'onFailure' && value === 'Continue'))
    return;
  if (typeof value === 'string' && value.startsWith('step:')) {
    checkTarget(
      value.slice('step:'.length),
      siblings,
      stepName,
      key,
      path,
      problems,
    );
    return;
  }
  problems.error(
    'automation-missing-next-step',
    path,
    `Step "${stepName}": ${key} ${JSON.stringify(value)} must be Abort${
      key === 'onFailure' ? ', Continue' : ''
    } or step:<StepName>`,
  );
}

export function checkChoice(
  choice: unknown,
  path: string,
  stepName: string,
  problems: ProblemList,
  nested: boolean,
): void {
  if (!isPlainObject(choice)) {
    problems.error(
      'automation-branch',
      path,
      `Step "${stepName}": each choice must be a mapping`,
    );
    return;
  }
  const combinators = ['And', 'Or', 'Not'].filter(key => key in choice);
  const operators = Object.keys(choice).filter(key =>
    BRANCH_OPERATORS.has(key),
  );
  const allowed = new Set([
    'Variable',
    'NextStep',
    'And',
    'Or',
    'Not',
    ...BRANCH_OPERATORS,
  ]);
  for (const key of Object.keys(choice)) {
    if (!allowed.has(key))
      problems.error(
        'automation-branch',
        childPath(path, key),
        `Step "${stepName}": "${key}" is not a branch operator (${[
          ...BRANCH_OPERATORS,
        ].join(', ')}, And, Or, Not).${suggestion(key, allowed)}`,
      );
  }
  if (combinators.length + operators.length !== 1) {
    problems.error(
      'automation-branch',
      path,
      `Step "${stepName}": a choice needs exactly one operator or one of And/Or/Not`,
    );
  }
  if (operators.length === 1 && typeof choice.Variable !== 'string') {
    problems.error(
      'automation-branch',
      path,
      `Step "${stepName}": a choice with ${operators[0]} needs a Variable such as "{{ StepName.Output }}"`,
    );
  }
  for (const combinator of combinators) {
    const inner = choice[combinator];
    const list = combinator === 'Not' ? [inner] : inner;
    if (!Array.isArray(list)) {
      problems.error(
        'automation-branch',
        childPath(path, combinator),
        `Step "${stepName}": ${combinator} takes a list of choices`,
      );
      continue;
    }
    list.forEach((item, i) =>
      checkChoice(
        item,
        combinator === 'Not'
          ? childPath(path, combinator)
          : childPath(childPath(path, combinator), i),
        stepName,
        problems,
        true,
      ),
    );
  }
  if (nested && 'NextStep' in choice)
    problems.error(
      'automation-branch',
      childPath(path, 'NextStep'),
      `Step "${stepName}": NextStep belongs on the top-level choice, not inside And/Or/Not`,
    );
}

/** The Python source of an `aws:executeScript` step, when it is inline. */
export function inlinePythonScript(
  inputs: Record<string, unknown>,
): string | undefined {
  return typeof inputs.Runtime === 'string' &&
    /^python/i.test(inputs.Runtime) &&
    typeof inputs.Script === 'string'
    ? inputs.Script
    : undefined;
}

/**
 * A boto3 call to an operation or client that does not exist fails the run
 * with AttributeError / UnknownServiceError when the step reaches it; SSM
 * does not look inside the script, so this is the only place it is caught.
 */
export function checkScriptCalls(
  name: string,
  stepPath: string,
  inputs: Record<string, unknown>,
  problems: ProblemList,
): void {
  const source = inlinePythonScript(inputs);
  if (!source) return;
  const index = loadAwsApiIndex();
  for (const call of pythonScriptCalls(source).calls) {
    const where = `Step "${name}": the script's ${call.service}.${call.method}(…) on line ${call.line}`;
    if (call.problem === 'unknown-service')
      problems.error(
        'automation-script-unknown-service',
        childPath(stepPath, 'inputs.Script'),
        `${where} uses boto3.client('${
          call.service
        }'), which is not an AWS service of the API index.${suggestion(
          call.service,
          Object.keys(index.services),
        )}`,
      );
    else if (call.problem === 'unknown-operation') {
      const operations = Object.keys(
        findService(call.service)!.service.operations,
      ).map(botoMethodName);
      problems.error(
        'automation-script-unknown-api',
        childPath(stepPath, 'inputs.Script'),
        `${where} is not an operation of the ${
          call.service
        } client.${suggestion(call.method, operations)}`,
      );
    }
  }
}

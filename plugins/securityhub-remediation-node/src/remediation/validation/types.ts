/** What a validated file is. */
export type DocumentKind = 'template' | 'automation-document';

export type Severity = 'error' | 'warning';

/** One finding of the validator, named so a person can act on it. */
export interface ValidationProblem {
  /** Stable rule id, e.g. `cfn-unknown-property`, `iam-wildcard-action`. */
  rule: string;
  /** Where in the file, as a dotted path: `Resources.Role.Properties.Policies[0]`. */
  path: string;
  message: string;
  severity: Severity;
}

export interface ValidationReport {
  /** `unknown` only when the text could not be parsed or is neither kind. */
  kind: DocumentKind | 'unknown';
  /** Every problem: whether AWS would accept the file, and the policy's. */
  problems: ValidationProblem[];
  /**
   * The generation policy's own section (least privilege of the roles a
   * template creates): also in `problems`, as errors when the policy is
   * enforced and as warnings when it is only reported.
   */
  policy: ValidationProblem[];
  /** No problem of severity `error`. */
  valid: boolean;
}

export interface ValidationOptions {
  /**
   * `enforce` (default) for what the portal generates or stages: its roles
   * must be least privilege, so the policy's findings are errors. `report`
   * for a document from elsewhere (an AWS-owned runbook, a third party's
   * template naming a managed policy): whether AWS accepts it decides
   * `valid`, and the policy's findings are warnings.
   */
  policy?: 'enforce' | 'report';
}

/** Collects problems; passed down so every check appends to one list. */
export class ProblemList {
  readonly problems: ValidationProblem[] = [];

  error(rule: string, path: string, message: string): void {
    this.problems.push({ rule, path, message, severity: 'error' });
  }

  warning(rule: string, path: string, message: string): void {
    this.problems.push({ rule, path, message, severity: 'warning' });
  }

  get hasErrors(): boolean {
    return this.problems.some(p => p.severity === 'error');
  }
}

/** Joins a parent path and a key or index into a dotted path. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A CloudFormation intrinsic: an object with the single key `Ref`,
 * `Condition` or `Fn::*`. Its value is only known at deploy time, so the
 * validator treats it as opaque.
 */
export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.length === 1 &&
    (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'))
  );
}

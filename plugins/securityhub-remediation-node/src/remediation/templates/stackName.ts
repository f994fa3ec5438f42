/**
 * CloudFormation stack names: 1–128 characters, letters, digits and hyphens,
 * starting with a letter. The pipeline deploys `deploy/<Name>.yaml` as the
 * stack `<Name>`, so the file name must already be a valid stack name.
 */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** Prefix of every stack (and file) this product generates. */
export const REMEDIATION_STACK_PREFIX = 'SecHubRemediation';

/** Security Hub control ids: a service part and a number, e.g. `S3.5`, `EC2.19`, `Config.1`. */
const CONTROL_ID = /^[A-Za-z][A-Za-z0-9]*\.\d+$/;

export function isValidStackName(name: string): boolean {
  return STACK_NAME.test(name);
}

/**
 * The stack (and file) name for a control's remediation: deterministic, so
 * rendering the same control twice stages the same files and the pipeline
 * updates one stack instead of creating a second one. `S3.5` →
 * `SecHubRemediation-S3-5`.
 */
export function remediationStackName(controlId: string): string {
  if (!CONTROL_ID.test(controlId)) {
    throw new Error(
      `"${controlId}" is not a Security Hub control id (expected a service and a number, e.g. S3.5)`,
    );
  }
  const name = `${REMEDIATION_STACK_PREFIX}-${controlId.replace('.', '-')}`;
  // Cannot fail for a valid control id; kept as a guard for future prefixes.
  if (!isValidStackName(name)) {
    throw new Error(`"${name}" is not a valid CloudFormation stack name`);
  }
  return name;
}

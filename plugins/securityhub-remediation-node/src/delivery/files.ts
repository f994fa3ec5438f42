import { createHash } from 'crypto';
import type { StagedFile } from './ports';
import {
  isValidStackName,
  remediationStackName,
} from '../remediation/templates/stackName';

/** `deploy/<Name>.yaml`: the template the pipeline deploys as stack `<Name>`. */
export const TEMPLATE_PATH = /^deploy\/([A-Za-z][A-Za-z0-9-]{0,127})\.yaml$/;
/** `deploy/parameters/<Name>-params.json`: the stack's parameter values. */
export const PARAMETERS_PATH =
  /^deploy\/parameters\/([A-Za-z][A-Za-z0-9-]{0,127})-params\.json$/;

function assertStackName(name: string): void {
  if (!isValidStackName(name)) {
    throw new Error(
      `"${name}" is not a valid CloudFormation stack name (1–128 letters, digits and hyphens, starting with a letter)`,
    );
  }
}

export function templatePath(name: string): string {
  assertStackName(name);
  return `deploy/${name}.yaml`;
}

export function parametersPath(name: string): string {
  assertStackName(name);
  return `deploy/parameters/${name}-params.json`;
}

/** True for the only paths a remediation stages (see {@link remediationFiles}). */
export function isRemediationFilePath(path: string): boolean {
  return TEMPLATE_PATH.test(path) || PARAMETERS_PATH.test(path);
}

/** The stack name a staged path belongs to, or undefined for any other path. */
export function stackNameOfPath(path: string): string | undefined {
  return (TEMPLATE_PATH.exec(path) ?? PARAMETERS_PATH.exec(path))?.[1];
}

/**
 * The two files a remediation stages. The name becomes a path, so it must be
 * a stack name: nothing like `../x`, `a/b` or an empty name reaches a path.
 */
export function remediationFiles(
  name: string,
  templateYaml: string,
  parametersJson: string,
): StagedFile[] {
  return [
    { path: templatePath(name), content: templateYaml },
    { path: parametersPath(name), content: parametersJson },
  ];
}

/**
 * Stack and file name of one finding's remediation: the control's name plus
 * a short hash of account and resource, so two findings of one control get
 * their own stack instead of overwriting each other's. `S3.5` →
 * `SecHubRemediation-S3-5-1a2b3c4d`.
 */
export function remediationName(
  controlId: string,
  accountId: string,
  resourceId: string,
): string {
  const suffix = createHash('sha256')
    .update(`${accountId}|${resourceId}`)
    .digest('hex')
    .slice(0, 8);
  const name = `${remediationStackName(controlId)}-${suffix}`;
  assertStackName(name);
  return name;
}

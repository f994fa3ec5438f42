/** One entry of a parameters file, CloudFormation's own format. */
export interface StackParameter {
  ParameterKey: string;
  ParameterValue: string;
}

const PARAMETER_KEY = /^[A-Za-z0-9]{1,255}$/;

/**
 * The `<Name>-params.json` file for `aws cloudformation deploy
 * --parameter-overrides file://…` (AWS CLI v2 reads this CloudFormation
 * format, as `create-stack --parameters` does). Keys are sorted so the same
 * input always stages byte-identical files; values are strings, as
 * CloudFormation passes them.
 */
export function renderParametersFile(
  values: Record<string, string | number | boolean | string[]>,
): string {
  const parameters: StackParameter[] = Object.keys(values)
    .sort()
    .map(key => {
      if (!PARAMETER_KEY.test(key)) {
        throw new Error(
          `"${key}" is not a CloudFormation parameter name (letters and digits only)`,
        );
      }
      const value = values[key];
      return {
        ParameterKey: key,
        ParameterValue: Array.isArray(value) ? value.join(',') : String(value),
      };
    });
  return `${JSON.stringify(parameters, null, 2)}\n`;
}

/**
 * A parameters file (CloudFormation's `[{ParameterKey, ParameterValue}]`,
 * or a plain object) as the parameters of an SSM Automation run.
 *
 * @public
 */
export function automationParametersOf(
  parametersJson: string,
): Record<string, string[]> {
  const parsed = JSON.parse(parametersJson) as unknown;
  const parameters: Record<string, string[]> = {};
  if (Array.isArray(parsed)) {
    for (const p of parsed as Array<{
      ParameterKey: string;
      ParameterValue: string;
    }>) {
      parameters[p.ParameterKey] = [String(p.ParameterValue)];
    }
  } else if (parsed && typeof parsed === 'object') {
    for (const [key, value] of Object.entries(parsed)) {
      parameters[key] = Array.isArray(value)
        ? value.map(String)
        : [String(value)];
    }
  }
  return parameters;
}

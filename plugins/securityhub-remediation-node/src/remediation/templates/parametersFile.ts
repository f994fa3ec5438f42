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

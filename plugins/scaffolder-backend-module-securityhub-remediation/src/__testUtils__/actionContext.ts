import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { SECURITYHUB_REMEDIATION_PLUGIN_ID } from '@internal/plugin-securityhub-remediation-common';

/** The user who runs the template in the action tests. */
export const initiator = mockCredentials.user('user:default/alice');

/** The header the backend must see: a token on behalf of the initiator. */
export const expectedAuthorization = `Bearer ${mockCredentials.service.token({
  onBehalfOf: initiator,
  targetPluginId: SECURITYHUB_REMEDIATION_PLUGIN_ID,
})}`;

/** The AuthService the actions get. */
export const scaffolderAuth = () =>
  mockServices.auth({ pluginId: 'scaffolder' });

/**
 * An action context run by {@link initiator}. createMockActionContext ignores
 * credentials, signal and isDryRun, so they are set on what it returns.
 */
export function actionContext(
  input: Record<string, string | number | undefined>,
  overrides: Partial<ActionContext<any>> = {},
) {
  const logger = mockServices.logger.mock();
  return {
    ...createMockActionContext({ input: input as any, logger }),
    logger,
    getInitiatorCredentials: async () => initiator,
    ...overrides,
  } as ActionContext<any> & {
    output: jest.Mock;
    logger: ReturnType<typeof mockServices.logger.mock>;
  };
}

/** The outputs an action set, by name. */
export function outputsOf(ctx: { output: jest.Mock }): Record<string, unknown> {
  return Object.fromEntries(ctx.output.mock.calls);
}

/** The values of `key:` in the steps of an example that use `action`. */
export function exampleInputs(
  example: string,
  action: string,
  key: string,
): string[] {
  return example
    .split(/^\s{2}- /m)
    .filter(step => new RegExp(`^\\s*action: ${action}\\s*$`, 'm').test(step))
    .map(step => {
      const match = step.match(new RegExp(`^\\s+${key}: (.+)$`, 'm'));
      if (!match) throw new Error(`No ${key} in step:\n${step}`);
      return match[1].trim().replace(/^(['"])(.*)\1$/, '$2');
    });
}

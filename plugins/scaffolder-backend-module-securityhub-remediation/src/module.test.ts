import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleSecurityHubRemediation } from './module';

describe('scaffolderModuleSecurityHubRemediation', () => {
  it('registers its actions with the scaffolder', async () => {
    const addActions = jest.fn();

    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModuleSecurityHubRemediation],
    });

    expect(addActions).toHaveBeenCalledTimes(1);
    expect(addActions.mock.calls[0].map((a: { id: string }) => a.id)).toEqual([
      'securityhub:finding:get',
      'securityhub:remediation:generate',
      'securityhub:remediation:stage',
      'securityhub:remediation:track',
    ]);
  });
});

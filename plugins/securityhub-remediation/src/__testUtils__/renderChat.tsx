import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { ChatProposal } from '@internal/plugin-securityhub-remediation-common';
import { securityHubChatApiRef } from '../api';
import {
  RemediationChat,
  type RemediationChatProps,
} from '../components/RemediationChat/RemediationChat';
import type { fakeChatApi } from './fakeChatApi';

export const DMS_FINDING_ID =
  'arn:aws:securityhub:us-east-1:111122223333:security-control/DMS.1/finding/ab12';

/** A curated proposal for the DMS finding, valid, with one parameter to fill. */
export const dmsProposal: ChatProposal = {
  type: 'proposal',
  controlId: 'DMS.1',
  controlTitle:
    'Database Migration Service replication instances should not be public',
  automationKind: 'curated',
  findingId: DMS_FINDING_ID,
  name: 'SecHubRemediation-DMS-1',
  templateYaml: 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n',
  parametersJson: '[{"ParameterKey":"ReplicationInstanceArn"}]',
  missingParameters: [
    {
      name: 'AutomationAssumeRoleArn',
      description: 'Role the runbook assumes',
    },
  ],
  validation: { valid: true, kind: 'cloudformation', problems: [] },
};

/** Renders the chat panel on a fake chat API and waits for its conversation list. */
export async function renderChat(
  fake: ReturnType<typeof fakeChatApi>,
  props: RemediationChatProps = {},
) {
  await renderInTestApp(
    <TestApiProvider apis={[[securityHubChatApiRef, fake.api]]}>
      <RemediationChat {...props} />
    </TestApiProvider>,
  );
  await waitFor(() => expect(fake.api.listConversations).toHaveBeenCalled());
}

/** Types a message and presses Enter; returns the stream of its answer. */
export async function ask(fake: ReturnType<typeof fakeChatApi>, text: string) {
  await userEvent.type(screen.getByLabelText('Message'), `${text}{Enter}`);
  return fake.nextStream();
}

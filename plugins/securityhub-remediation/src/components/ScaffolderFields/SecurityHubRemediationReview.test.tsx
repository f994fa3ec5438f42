import { screen, waitFor } from '@testing-library/react';
import {
  S35_FINDING_ID,
  cannotAutomatePreview,
  fakeRemediationsApi,
  s35Preview,
} from '../../__testUtils__/fakeRemediationsApi';
import { fieldProps } from '../../__testUtils__/fieldProps';
import { renderWithRemediationsApi } from '../../__testUtils__/renderRemediations';
import {
  SecurityHubRemediationReview,
  type RemediationReviewOptions,
} from './SecurityHubRemediationReview';

jest.setTimeout(30_000);

function reviewProps(findingId?: string, formData?: string) {
  return fieldProps<string, RemediationReviewOptions>({
    formContext: { formData: findingId ? { findingId } : {} },
    formData,
  });
}

describe('SecurityHubRemediationReview', () => {
  it('shows the previewed change and takes the template hash when valid', async () => {
    const api = fakeRemediationsApi();
    const props = reviewProps(S35_FINDING_ID);
    await renderWithRemediationsApi(
      <SecurityHubRemediationReview {...props} />,
      api,
    );

    expect(await screen.findByText(/Ready to submit/)).toBeInTheDocument();
    expect(api.preview).toHaveBeenCalledWith(S35_FINDING_ID);
    await waitFor(() =>
      expect(props.onChange).toHaveBeenLastCalledWith(s35Preview.templateHash),
    );
    const change = screen.getByTestId('change-preview');
    expect(change).toHaveTextContent('Stack');
    expect(change).toHaveTextContent('Remediation (AWS::SSM::Association)');
    expect(change).toHaveTextContent(
      's3:PutBucketPolicy on arn:aws:s3:::payments-logs',
    );
    expect(
      screen.getByText(
        'Clients that use plain HTTP lose access to the bucket.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', {
        name: 'deploy/SecHubRemediation-S3-5.yaml',
      }),
    ).toHaveTextContent('AWS::SSM::Association');
    expect(
      screen.getByRole('region', {
        name: 'deploy/parameters/SecHubRemediation-S3-5-params.json',
      }),
    ).toHaveTextContent('payments-logs');
  });

  it('leaves the value empty and says why when the finding is blocked', async () => {
    const api = fakeRemediationsApi();
    // A hash from an earlier pick must not survive.
    const props = reviewProps(cannotAutomatePreview.findingId, 'b'.repeat(64));
    await renderWithRemediationsApi(
      <SecurityHubRemediationReview {...props} />,
      api,
    );

    expect(
      await screen.findByText(/Cannot submit: IAM\.6 cannot be automated/),
    ).toBeInTheDocument();
    expect(screen.getByText('Sign in as the root user')).toBeInTheDocument();
    expect(props.onChange).toHaveBeenCalledWith(undefined);
    expect(props.onChange).not.toHaveBeenCalledWith(
      expect.stringMatching(/^[a-f0-9]{64}$/),
    );
  });

  it('blocks a template with validation errors', async () => {
    const api = fakeRemediationsApi({
      preview: jest.fn(async () => ({
        ...s35Preview,
        validation: {
          valid: false,
          kind: 'cloudformation',
          problems: [
            {
              rule: 'E3001',
              path: '/Resources/Remediation',
              severity: 'error' as const,
              message: 'Invalid type',
            },
          ],
        },
      })),
    });
    const props = reviewProps(S35_FINDING_ID);
    await renderWithRemediationsApi(
      <SecurityHubRemediationReview {...props} />,
      api,
    );

    expect(
      await screen.findByText(
        /Cannot submit: The template does not validate \(1 error\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/Invalid type/)).toBeInTheDocument();
    expect(props.onChange).not.toHaveBeenCalledWith(s35Preview.templateHash);
  });

  it('asks for a finding before previewing', async () => {
    const api = fakeRemediationsApi();
    await renderWithRemediationsApi(
      <SecurityHubRemediationReview {...reviewProps()} />,
      api,
    );
    expect(
      await screen.findByText('Pick a finding first.'),
    ).toBeInTheDocument();
    expect(api.preview).not.toHaveBeenCalled();
  });
});

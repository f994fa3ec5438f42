import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  criticalFinding,
  mediumFinding,
  mockFindingsApi,
} from '../../__testUtils__/fixtures';
import { fakeRemediationsApi } from '../../__testUtils__/fakeRemediationsApi';
import { fieldProps } from '../../__testUtils__/fieldProps';
import { renderWithRemediationsApi } from '../../__testUtils__/renderRemediations';
import { SecurityHubFindingPicker } from './SecurityHubFindingPicker';

jest.setTimeout(30_000);

describe('SecurityHubFindingPicker', () => {
  it('searches failed, active findings as the user types and picks one', async () => {
    const findings = mockFindingsApi();
    const props = fieldProps<string>({ schema: { title: 'Finding' } });
    await renderWithRemediationsApi(
      <SecurityHubFindingPicker {...props} />,
      fakeRemediationsApi(),
      { findings },
    );

    await waitFor(() =>
      expect(findings.listFindings).toHaveBeenCalledWith({
        q: undefined,
        complianceStatus: ['FAILED'],
        recordState: ['ACTIVE'],
        limit: 20,
      }),
    );
    await userEvent.type(screen.getByRole('textbox'), 'mfa');
    await waitFor(() =>
      expect(findings.listFindings).toHaveBeenLastCalledWith(
        expect.objectContaining({
          q: 'mfa',
          complianceStatus: ['FAILED'],
          recordState: ['ACTIVE'],
        }),
      ),
    );
    // Debounced: one search for the word, not one per keystroke.
    expect(
      findings.listFindings.mock.calls.filter(([r]) => r.q && r.q !== 'mfa'),
    ).toHaveLength(0);

    const option = await screen.findByText(
      'Hardware MFA should be enabled for the root user',
    );
    expect(
      screen.getAllByText(/111122223333 · eu-west-1/).length,
    ).toBeGreaterThan(0);
    await userEvent.click(option);
    expect(props.onChange).toHaveBeenCalledWith(criticalFinding.id);
  });

  it('shows the finding a prefilled value names', async () => {
    const findings = mockFindingsApi();
    const props = fieldProps<string>({ formData: mediumFinding.id });
    await renderWithRemediationsApi(
      <SecurityHubFindingPicker {...props} />,
      fakeRemediationsApi(),
      { findings },
    );

    await waitFor(() =>
      expect(screen.getByRole('textbox')).toHaveValue(
        `S3.5 ${mediumFinding.title}`,
      ),
    );
    expect(findings.getFinding).toHaveBeenCalledWith(mediumFinding.id);
    expect(props.onChange).not.toHaveBeenCalled();
  });

  it('says so when a prefilled finding cannot be read', async () => {
    const findings = mockFindingsApi();
    findings.getFinding.mockRejectedValue(new Error('Not found'));
    const props = fieldProps<string>({ formData: 'missing-finding' });
    await renderWithRemediationsApi(
      <SecurityHubFindingPicker {...props} />,
      fakeRemediationsApi(),
      { findings },
    );
    expect(
      await screen.findByText('Cannot read finding missing-finding: Not found'),
    ).toBeInTheDocument();
  });
});

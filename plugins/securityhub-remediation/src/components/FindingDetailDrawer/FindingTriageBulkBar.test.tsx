import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  criticalFinding,
  findingsTestApis,
  mediumFinding,
  mockFindingsApi,
} from '../../__testUtils__/fixtures';
import { FindingsTable } from '../FindingsTable';
import { useFindingTriageSelection } from './useFindingTriageSelection';

jest.setTimeout(30_000);

const findings = [criticalFinding, mediumFinding];

/** The table with row selection and the bulk bar, as a findings view wires them. */
function SelectableFindings(props: { onSelect: jest.Mock }) {
  const triage = useFindingTriageSelection();
  return (
    <>
      <div data-testid="refreshes">{triage.refreshKey}</div>
      {triage.bulkBar}
      <FindingsTable
        findings={findings}
        loading={false}
        sort="severity"
        order="desc"
        onSortChange={jest.fn()}
        onSelect={props.onSelect}
        selection={triage.selection}
        pager={{
          pageIndex: 0,
          pageSize: 50,
          pageSizeOptions: [50],
          itemCount: 2,
          totalCount: 2,
          hasPrevious: false,
          hasNext: false,
          onPrevious: jest.fn(),
          onNext: jest.fn(),
          onPageSizeChange: jest.fn(),
        }}
      />
    </>
  );
}

async function renderSelectable() {
  const api = mockFindingsApi();
  const onSelect = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={findingsTestApis(api)}>
      <SelectableFindings onSelect={onSelect} />
    </TestApiProvider>,
  );
  return { api, onSelect };
}

describe('bulk triage of selected rows', () => {
  it('selects the page, sets a status with a note on every selected finding, and asks for a reload', async () => {
    const { api } = await renderSelectable();
    expect(
      screen.queryByRole('region', { name: 'Triage selected findings' }),
    ).toBeNull();

    await userEvent.click(
      screen.getByRole('checkbox', {
        name: 'Select all findings on this page',
      }),
    );
    const bar = await screen.findByRole('region', {
      name: 'Triage selected findings',
    });
    expect(within(bar).getByText('2 findings selected')).toBeInTheDocument();

    await userEvent.click(
      within(bar).getByRole('button', {
        name: /Workflow status, selected findings/,
      }),
    );
    await userEvent.click(
      within(await screen.findByRole('listbox')).getByRole('option', {
        name: 'NOTIFIED',
      }),
    );
    await userEvent.type(
      within(bar).getByRole('textbox', { name: 'Note, selected findings' }),
      'Sent to the payments team',
    );
    await userEvent.click(within(bar).getByRole('button', { name: 'Save' }));

    expect(
      await within(bar).findByText(/Saved: 2 findings updated/),
    ).toBeInTheDocument();
    expect(api.triageFindings).toHaveBeenCalledWith({
      findingIds: [criticalFinding.id, mediumFinding.id],
      workflowStatus: 'NOTIFIED',
      note: 'Sent to the payments team',
    });
    expect(screen.getByTestId('refreshes')).toHaveTextContent('1');
  });

  it('selects single rows, and the page checkbox clears them', async () => {
    const { onSelect } = await renderSelectable();
    await userEvent.click(
      screen.getByRole('checkbox', {
        name: `Select finding ${mediumFinding.title}`,
      }),
    );
    expect(await screen.findByText('1 finding selected')).toBeInTheDocument();
    // Ticking a row does not open its drawer.
    expect(onSelect).not.toHaveBeenCalled();
    const page = screen.getByRole('checkbox', {
      name: 'Select all findings on this page',
    });
    expect(page).toBePartiallyChecked();

    await userEvent.click(page);
    expect(await screen.findByText('2 findings selected')).toBeInTheDocument();
    await userEvent.click(page);
    expect(screen.queryByText(/selected$/)).toBeNull();

    await userEvent.click(
      screen.getByRole('checkbox', {
        name: `Select finding ${criticalFinding.title}`,
      }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear selection' }),
    );
    expect(
      screen.queryByRole('region', { name: 'Triage selected findings' }),
    ).toBeNull();
  });
});

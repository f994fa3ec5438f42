import { useState } from 'react';
import { act, screen } from '@testing-library/react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { Finding } from '@internal/plugin-securityhub-remediation-common';
import { formatRelativeTime } from '../../format';
import { makeFinding, onePagePager } from '../../__testUtils__/fixtures';
import { FindingsTable, type FindingsTableProps } from './FindingsTable';

/*
 * A view change renders only the rows whose finding changed: the Updated and
 * First seen cells format their times on every render of their row, so the
 * formatter's calls count the rows rendered.
 */

jest.mock('../../format', () => {
  const actual = jest.requireActual('../../format');
  return {
    ...actual,
    formatRelativeTime: jest.fn(actual.formatRelativeTime),
  };
});
const formatTime = formatRelativeTime as jest.Mock;

const findings: Finding[] = ['a', 'b', 'c'].map(id =>
  makeFinding({ id, title: `Finding ${id}` }),
);

describe('FindingsTable rendering', () => {
  it('renders a row again only when its own finding or selection changes', async () => {
    let setProps: (props: Partial<FindingsTableProps>) => void = () => {};
    function Harness() {
      const [props, set] = useState<
        Pick<FindingsTableProps, 'findings' | 'loading' | 'selection'>
      >({
        findings,
        loading: false,
        selection: { selectedIds: new Set<string>(), onChange: () => {} },
      });
      setProps = next => set(current => ({ ...current, ...next }));
      return (
        <FindingsTable
          {...props}
          sort="severity"
          order="desc"
          // New callbacks on every render, as a parent's inline arrows are.
          onSortChange={() => {}}
          onSelect={() => {}}
          pager={onePagePager(3)}
        />
      );
    }
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApiMock()]]}>
        <Harness />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Finding c')).toBeInTheDocument();
    const rowsRendered = () => formatTime.mock.calls.length / 2;
    expect(rowsRendered()).toBeGreaterThanOrEqual(3);

    formatTime.mockClear();
    act(() => setProps({ loading: true }));
    expect(rowsRendered()).toBe(0);

    act(() =>
      setProps({
        selection: { selectedIds: new Set(['b']), onChange: () => {} },
      }),
    );
    expect(rowsRendered()).toBe(1);

    formatTime.mockClear();
    act(() =>
      setProps({
        findings: [
          findings[0],
          { ...findings[1], title: 'Renamed' },
          findings[2],
        ],
      }),
    );
    expect(rowsRendered()).toBe(1);
  });
});

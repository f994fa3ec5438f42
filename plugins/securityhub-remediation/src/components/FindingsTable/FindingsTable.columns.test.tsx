import { act, screen } from '@testing-library/react';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { criticalFinding, onePagePager } from '../../__testUtils__/fixtures';
import { FindingsTable } from './FindingsTable';

/** A ResizeObserver that reports the width the test sets. */
class FixedWidthObserver {
  static instances: FixedWidthObserver[] = [];
  constructor(private readonly callback: ResizeObserverCallback) {
    FixedWidthObserver.instances.push(this);
  }
  observe() {}
  disconnect() {}
  report(width: number) {
    this.callback(
      [{ contentRect: { width } } as ResizeObserverEntry],
      this as unknown as ResizeObserver,
    );
  }
}

const headers = () =>
  screen.getAllByRole('columnheader').map(h => h.textContent?.trim());

describe('FindingsTable columns', () => {
  const original = globalThis.ResizeObserver;
  beforeEach(() => {
    FixedWidthObserver.instances = [];
    globalThis.ResizeObserver =
      FixedWidthObserver as unknown as typeof ResizeObserver;
  });
  afterEach(() => {
    globalThis.ResizeObserver = original;
  });

  it('leaves out the least needed columns as the container narrows', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApiMock()]]}>
        <FindingsTable
          findings={[criticalFinding]}
          loading={false}
          sort="severity"
          order="desc"
          onSortChange={jest.fn()}
          onSelect={jest.fn()}
          pager={onePagePager(1)}
        />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    const [observer] = FixedWidthObserver.instances;
    const report = (width: number) => act(() => observer.report(width));

    report(1500);
    expect(headers()).toEqual([
      'Severity',
      'Title',
      'Control',
      'Account',
      'Region',
      'Resource',
      'Compliance',
      'Workflow',
      'Updated',
      'First seen',
    ]);
    report(1200);
    expect(headers()).not.toContain('Region');
    expect(headers()).not.toContain('First seen');
    expect(headers()).toContain('Workflow');
    report(990);
    expect(headers()).toEqual([
      'Severity',
      'Title',
      'Control',
      'Account',
      'Resource',
      'Updated',
    ]);
  });
});

import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { makeFinding } from '../../__testUtils__/fixtures';
import { FindingLinks } from './FindingLinks';

const finding = makeFinding({
  id: 'arn:aws:securityhub:eu-west-1:111122223333:security-control/S3.5/finding/0a1b',
  region: 'eu-west-1',
  resources: [
    { type: 'AwsS3Bucket', id: 'arn:aws:s3:::payments-logs' },
    { type: 'AwsUnknownThing', id: 'thing-1' },
  ],
});

async function renderLinks(path = '/securityhub?finding=abc') {
  const catalogApi = catalogApiMock({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'aws-payments-prod',
          title: 'payments-prod',
          annotations: { 'aws.amazon.com/account-id': '111122223333' },
        },
        spec: { type: 'aws-account' },
      },
    ],
  });
  await renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      <FindingLinks finding={finding} />
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('FindingLinks', () => {
  it('links the finding, its resource, control and account, and shows its id', async () => {
    await renderLinks();

    expect(screen.getByTestId('finding-id')).toHaveTextContent(finding.id);
    expect(
      screen.getByRole('link', { name: /Security Hub console/ }),
    ).toHaveAttribute(
      'href',
      expect.stringMatching(
        /^https:\/\/eu-west-1\.console\.aws\.amazon\.com\/securityhub\/home\?region=eu-west-1#\/findings\?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253Aarn%253Aaws/,
      ),
    );
    const bucket = screen.getByRole('link', { name: /Open AwsS3Bucket/ });
    expect(bucket).toHaveAttribute(
      'href',
      'https://eu-west-1.console.aws.amazon.com/s3/buckets/payments-logs?region=eu-west-1',
    );
    expect(bucket).toHaveAttribute('rel', expect.stringContaining('noopener'));
    // No console page is known for this type: no link rather than a wrong one.
    expect(
      screen.queryByRole('link', { name: /AwsUnknownThing/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: /Control S3.5 in the AWS documentation/,
      }),
    ).toHaveAttribute(
      'href',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5',
    );
    expect(
      await screen.findByRole('link', {
        name: /payments-prod \(111122223333\)/,
      }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('/catalog/default/resource/aws-payments-prod'),
    );
  });

  it('copies the address of the open finding', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText },
      configurable: true,
    });
    await renderLinks();

    await userEvent.click(screen.getByRole('button', { name: 'Copy link' }));

    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    expect(writeText.mock.calls[0][0]).toBe(
      `${window.location.origin}/securityhub?finding=abc`,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Link copied');
  });

  it('says how to copy by hand when the clipboard refuses', async () => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: jest.fn().mockRejectedValue(new Error('denied')) },
      configurable: true,
    });
    await renderLinks();

    await userEvent.click(screen.getByRole('button', { name: 'Copy link' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'copy the address from the browser',
    );
  });
});

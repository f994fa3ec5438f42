import type { Entity } from '@backstage/catalog-model';
import { entityFindingsScope, isSecurityHubAvailable } from './conditions';

function entity(kind: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'ledger', annotations },
    spec: {},
  };
}

describe('entityFindingsScope', () => {
  it('selects an AWS account by its id', () => {
    expect(
      entityFindingsScope(
        entity('Resource', { 'aws.amazon.com/account-id': ' 210987654321 ' }),
      ),
    ).toEqual({
      kind: 'matched',
      filter: { accountId: ['210987654321'] },
      isAccount: true,
    });
  });

  it("selects a component's resources by tags and ARN prefixes, within its account", () => {
    expect(
      entityFindingsScope(
        entity('Component', {
          'aws.amazon.com/account-id': '210987654321',
          'aws.amazon.com/securityhub-resource-tags':
            'team=payments, app=ledger',
          'aws.amazon.com/securityhub-resource-arn-prefixes':
            'arn:aws:s3:::payments-ledger-,arn:aws:lambda:us-east-1:210987654321:function:ledger-',
        }),
      ),
    ).toEqual({
      kind: 'matched',
      filter: {
        accountId: ['210987654321'],
        resourceTag: ['team=payments', 'app=ledger'],
        resourceIdPrefix: [
          'arn:aws:s3:::payments-ledger-',
          'arn:aws:lambda:us-east-1:210987654321:function:ledger-',
        ],
      },
      isAccount: false,
    });
  });

  it('names the annotation and the problem of a bad value', () => {
    expect(
      entityFindingsScope(
        entity('Component', {
          'aws.amazon.com/securityhub-resource-tags': 'team',
        }),
      ),
    ).toEqual({
      kind: 'invalid',
      annotation: 'aws.amazon.com/securityhub-resource-tags',
      value: 'team',
      message: expect.stringContaining('key=value'),
    });
    expect(
      entityFindingsScope(
        entity('Resource', { 'aws.amazon.com/account-id': '1234' }),
      ),
    ).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('12-digit'),
    });
  });

  it('selects nothing without the annotations', () => {
    const plain = entity('Component', { 'backstage.io/techdocs-ref': 'dir:.' });
    expect(entityFindingsScope(plain)).toEqual({ kind: 'none' });
    expect(isSecurityHubAvailable(plain)).toBe(false);
    expect(
      isSecurityHubAvailable(
        entity('Component', {
          'aws.amazon.com/securityhub-resource-arn-prefixes': 'arn:aws:s3:::a',
        }),
      ),
    ).toBe(true);
  });
});

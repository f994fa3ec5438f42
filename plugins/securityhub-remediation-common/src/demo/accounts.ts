/**
 * An AWS account of the demo data set.
 *
 * @public
 */
export interface DemoAccount {
  /** 12-digit account id. */
  id: string;
  /** Account alias; also the prefix of globally unique names such as buckets. */
  name: string;
  /** Regions Security Hub is enabled in; the first is the home region, where global resources (IAM, CloudFront) are evaluated. */
  regions: string[];
  /** Workloads running in the account, used to name its resources. */
  workloads?: string[];
  /** Relative number of resources (1 = a typical account). */
  scale?: number;
  /** Tags every resource of the account carries; each also gets `app: <workload>`. */
  tags?: Record<string, string>;
}

/**
 * The accounts of `catalog-info.yaml`, with the regions and workloads the
 * bundled demo findings use.
 *
 * @public
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    id: '210987654321',
    name: 'payments-prod',
    tags: { team: 'payments', environment: 'production' },
    regions: ['us-east-1', 'eu-west-1', 'us-west-2'],
    scale: 1.4,
    workloads: [
      'invoices',
      'ledger',
      'settlements',
      'payouts',
      'card-vault',
      'fraud-scoring',
      'merchant-onboarding',
      'refunds',
      'statements',
      'reconciliation',
      'webhooks',
      'checkout-api',
      'kyc-documents',
      'chargebacks',
      'fx-rates',
      'notifications',
    ],
  },
  {
    id: '345678901234',
    name: 'payments-staging',
    tags: { team: 'payments', environment: 'staging' },
    regions: ['us-east-1', 'eu-west-1'],
    scale: 1,
    workloads: [
      'invoices',
      'ledger',
      'settlements',
      'payouts',
      'card-vault',
      'fraud-scoring',
      'checkout-api',
      'webhooks',
      'load-test-fixtures',
      'statements',
    ],
  },
  {
    id: '456789012345',
    name: 'shared-services',
    tags: { team: 'platform', environment: 'shared' },
    regions: ['us-east-1', 'eu-west-1'],
    scale: 0.9,
    workloads: [
      'ci-artifacts',
      'terraform-state',
      'vpc-flow-logs',
      'cloudtrail-logs',
      'build-runners',
      'ecr-mirror',
      'grafana',
      'secrets-broker',
      'dns-resolver',
      'transit-hub',
      'log-archive',
      'config-history',
    ],
  },
  {
    id: '567890123456',
    name: 'sandbox',
    tags: { team: 'engineering', environment: 'sandbox' },
    regions: ['us-east-1', 'eu-west-1'],
    scale: 0.6,
    workloads: [
      'data-science-notebooks',
      'ledger-v2-spike',
      'graphql-gateway-poc',
      'chaos-experiments',
      'ml-feature-store',
      'perf-bench',
      'eventbridge-poc',
    ],
  },
];

/** Workloads of accounts that name none. */
export const DEFAULT_WORKLOADS = [
  'api',
  'web',
  'orders',
  'reports',
  'batch-jobs',
  'audit-logs',
  'backups',
];

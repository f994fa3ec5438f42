import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Security Hub remediation plugins. */
  securityHubRemediation?: {
    findings?: {
      /**
       * How often findings are synced into the portal's database. Runs as a
       * global scheduled task: one backend instance syncs at a time.
       * Default: every 30 minutes, 15 minutes timeout.
       */
      sync?: SchedulerServiceTaskScheduleDefinitionConfig;

      /** Where findings come from. Each id keys its own sync watermark. */
      sources?: Array<
        | {
            /** Stable id of the source, e.g. `demo` or `exports`. */
            id: string;
            /** ASFF files: `aws securityhub get-findings` output or S3 exports (JSON Lines, gzip). */
            type: 'asff-files';
            /** A folder or file; relative paths resolve against the backend's working directory. */
            path?: string;
            /** Use the bundled synthetic demo dataset instead of `path`. */
            demo?: boolean;
            /** Largest file accepted, in MiB. Default 256. */
            maxFileSizeMb?: number;
          }
        | {
            /** Stable id; sources are created per region as `<id>:<region>`. */
            id: string;
            /** AWS Security Hub `GetFindings`. */
            type: 'securityhub';
            /**
             * Account to read from, typically the Security Hub delegated
             * administrator (aggregator) account. Credentials come from the
             * `aws` integration config (`aws.mainAccount`, `aws.accounts`,
             * `aws.accountDefaults`). Default: the main account.
             */
            accountId?: string;
            /** Regions to read; with cross-region aggregation, just the aggregation region. */
            regions: string[];
            /** Only findings of these products. Default ['Security Hub']. */
            productNames?: string[];
            /** Only findings of these member accounts. Default: all. */
            memberAccountIds?: string[];
            /** Endpoint override, e.g. a VPC endpoint. */
            endpoint?: string;
            /** Client-side limit kept under the GetFindings quota (3/s, burst 6). */
            rateLimit?: {
              requestsPerSecond?: number;
              burst?: number;
            };
            /** Attempts per page before the sync reports a failure. Default 8. */
            maxAttempts?: number;
          }
      >;
    };

    remediation?: {
      /**
       * Automated Security Response on AWS is deployed in the accounts, so
       * its `ASR-*` runbooks exist and may be proposed. Default false.
       */
      asrDeployed?: boolean;
    };

    /**
     * Where the remediation engine looks up which control a finding or a
     * question is about. Default: `local` (the bundled BM25 index over the
     * control catalog; no AWS account needed).
     */
    retrieval?:
      | {
          type: 'local';
          /**
           * A control catalog written by `yarn remediation catalog-refresh
           * --out FILE` (controls Security Hub added since this release are
           * then found too); the bundled catalog when omitted. Relative to
           * the backend's working directory.
           */
          catalogFile?: string;
        }
      | {
          /** Amazon Bedrock Knowledge Bases `Retrieve` (needs `bedrock:Retrieve` on the knowledge base). */
          type: 'bedrock-knowledge-base';
          /** The knowledge base id (10 letters and digits). */
          knowledgeBaseId: string;
          region: string;
          /** Account of the knowledge base; the AWS integration's main account when omitted. */
          accountId?: string;
        };
  };
}

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

      /**
       * Seconds a user's findings read decision (the permission backend's
       * answer, e.g. which accounts they may read) is reused across the
       * findings requests. Longer saves permission calls under load; a policy
       * or group change then reaches findings reads up to this much later.
       * 0 asks on every request. Default 5, at most 300.
       */
      permissionCacheSeconds?: number;

      /**
       * Up to how many stored findings free-text searches are answered from
       * an index in memory (about 45 bytes a finding plus its distinct
       * titles, resource ids and tag sets; it also answers resource-tag
       * and ARN-prefix filters), built in the background a second after the
       * findings last changed; until then, and above this, the database
       * answers them. 0 keeps no index. Default 3,000,000.
       */
      textIndexMaxFindings?: number;

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
            /**
             * Which bundled dataset `demo: true` reads: `asff` (default,
             * Security Hub CSPM findings) or `ocsf` (new Security Hub findings).
             * @visibility backend
             */
            demoDataset?: 'asff' | 'ocsf';
            /** Largest file accepted, in MiB. Default 256. */
            maxFileSizeMb?: number;
            /**
             * Longest one file may take to import, in seconds, reading and
             * writing it; a file over it is rejected and the sync goes on
             * with the next file. Default 300.
             */
            maxFileSeconds?: number;
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
        | {
            /**
             * Stable id; sources are created per region as `<id>:<region>`.
             * @visibility backend
             */
            id: string;
            /**
             * The new AWS Security Hub (`GetFindingsV2`, findings in OCSF).
             * @visibility backend
             */
            type: 'securityhub-ocsf';
            /**
             * Account to read from (credentials from the `aws` integration
             * config). Default: the main account.
             * @visibility backend
             */
            accountId?: string;
            /**
             * Regions to read; with cross-region aggregation, just the home region.
             * @visibility backend
             */
            regions: string[];
            /**
             * Only findings whose `metadata.product.name` is one of these. Default: all.
             * @visibility backend
             */
            productNames?: string[];
            /**
             * Endpoint override, e.g. a VPC endpoint.
             * @visibility backend
             */
            endpoint?: string;
            /**
             * Client-side request limit per account and region. Default 3/s,
             * burst 6 (the GetFindings quota).
             * @visibility backend
             */
            rateLimit?: {
              requestsPerSecond?: number;
              burst?: number;
            };
            /**
             * Attempts per page before the sync reports a failure. Default 8.
             * @visibility backend
             */
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
      /**
       * Which automation a control gets where both exist: the AWS-owned
       * runbook (default: maintained by AWS, in every account) or the
       * curated automation, which reads the setting back and fails the run
       * when the fix did not take.
       */
      prefer?: 'aws-runbook' | 'curated';
      /**
       * Entity refs (users or groups) that may approve or reject
       * remediations, when the portal uses this plugin's
       * `permissionModuleSecurityHubApprovers` policy. Default: nobody.
       * @visibility backend
       */
      approvers?: string[];
      /**
       * Whether the person who submitted a remediation may approve it too.
       * Default false: another approver must decide.
       */
      allowSelfApproval?: boolean;
      /**
       * How often in-flight remediations are followed up (pipeline,
       * automation run, verification). A global task: one backend instance
       * at a time. Default: every 15 seconds.
       */
      followUp?: SchedulerServiceTaskScheduleDefinitionConfig;
    };

    /**
     * Where remediations are staged, approved, deployed, run and verified.
     * Default: `local` — a git repository, a pipeline and a runner on disk
     * that plan but change nothing in AWS.
     * @visibility backend
     */
    delivery?: {
      /**
       * `local` (default): a git repository, pipeline and runner on this
       * machine that apply nothing in AWS. `aws`: CodeCommit, CodePipeline,
       * SSM Automation and Security Hub, as `infra/` deploys them.
       */
      type?: 'local' | 'aws';
      local?: {
        /**
         * Folder of the local repository, pipeline executions and runs;
         * relative to the backend's working directory. Default
         * `.data/remediation-delivery`.
         */
        directory?: string;
        /** Branch the templates are committed to. Default `main`. */
        branch?: string;
        /** Name shown for the local repository. Default `remediation-templates`. */
        repositoryName?: string;
        /**
         * Whether the Validate stage also runs cfn-lint: `auto` when it is
         * on the PATH (default), `off` never.
         */
        cfnLint?: 'auto' | 'off';
      };
      /**
       * The AWS delivery (`type: aws`). Credentials come from the `aws`
       * integration config: the main account (or `accountId`) for the
       * repository and pipeline, each finding's account for SSM and
       * Security Hub (`aws.accounts[].roleName`).
       */
      aws?: {
        /** Account of the repository and pipeline; default the integration's main account. */
        accountId?: string;
        /** Region of the repository and pipeline. */
        region: string;
        /** CodeCommit repository. Default `remediation-templates`. */
        repositoryName?: string;
        /** Branch the pipeline watches. Default `main`. */
        branch?: string;
        /** CodePipeline pipeline. Default `securityhub-remediation`. */
        pipelineName?: string;
        /** Stage names, when they differ from Source / Validate / Approval / Deploy. */
        stageNames?: {
          source?: string;
          validate?: string;
          approval?: string;
          deploy?: string;
        };
        /** The manual approval action. Default `ManualApproval`. */
        approvalActionName?: string;
        /** Attempts per AWS call (the SDK retries throttling and 5xx). Default 5. */
        maxAttempts?: number;
        /** Endpoint overrides, e.g. VPC interface endpoints. */
        endpoints?: {
          codecommit?: string;
          codepipeline?: string;
          ssm?: string;
          securityhub?: string;
        };
        /** How often a remediation is looked at, per phase (seconds). */
        pollSeconds?: {
          /** Default 10. */
          pipeline?: number;
          /** Default 5. */
          automation?: number;
          /** Default 60. */
          verification?: number;
        };
        verify?: {
          /** Account that reads and updates findings (delegated administrator); default each finding's account. */
          accountId?: string;
          /** Workflow status set on a PASSED finding; `none` leaves it. Default `RESOLVED`. */
          workflowStatus?:
            | 'NEW'
            | 'NOTIFIED'
            | 'RESOLVED'
            | 'SUPPRESSED'
            | 'none';
          /** Stop waiting for Security Hub to re-evaluate after this long. Default 240. */
          timeoutMinutes?: number;
        };
      };
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

    /** The remediation chat. */
    chat?: {
      /**
       * Which agent answers. Default: `local` (the embedded agent: the
       * remediation engine answers; no AWS account needed).
       * @visibility backend
       */
      agent?:
        | {
            type: 'local';
            /**
             * Pause between the answer's chunks, in milliseconds (0-1000).
             * Default 0: the answer streams as fast as it is written. A
             * demo or an end-to-end test sets a pace people can follow.
             */
            chunkDelayMs?: number;
          }
        | {
            /**
             * A Bedrock agent created in your account (`InvokeAgent`; needs
             * `bedrock:InvokeAgent` on the alias). Give it `agent/instruction.md`
             * and the return-of-control action group `agent/action-group.json`
             * of the `-node` package. Name it by `agentArn`, or by `agentId`,
             * `agentAliasId` and `region`.
             */
            type: 'bedrock-agent';
            /**
             * The agent alias ARN
             * (`arn:aws:bedrock:<region>:<account>:agent-alias/<agentId>/<aliasId>`),
             * or the agent ARN (`…:agent/<agentId>`) together with `agentAliasId`.
             */
            agentArn?: string;
            /** The agent id (10 letters and digits). */
            agentId?: string;
            /** The alias id (10 letters and digits, e.g. `TSTALIASID`). */
            agentAliasId?: string;
            /** Region of the agent; taken from `agentArn` when given. */
            region?: string;
            /**
             * Account whose credentials (from the `aws` integration config) call
             * the agent. Default: the account of `agentArn`, else the main account.
             */
            accountId?: string;
            /**
             * The idle session timeout set on the agent, 60 to 3600 seconds
             * (default 600). A conversation resumed after it sends its
             * earlier messages again (`sessionState.conversationHistory`),
             * since Bedrock has forgotten them.
             */
            idleSessionTtlInSeconds?: number;
            /** Endpoint override, e.g. a VPC endpoint of `bedrock-agent-runtime`. */
            endpoint?: string;
          }
        | {
            /**
             * An agent defined per request (`InvokeInlineAgent`): model,
             * instruction, action group and knowledge base are sent with every
             * call; nothing to set up in the console. Needs
             * `bedrock:InvokeInlineAgent`, `bedrock:InvokeModel` on the model and,
             * with a knowledge base, `bedrock:Retrieve` on it.
             */
            type: 'bedrock-inline-agent';
            /** Model id or inference profile id, e.g. `anthropic.claude-3-5-sonnet-20240620-v1:0`. */
            foundationModel: string;
            region: string;
            /** Account whose credentials call Bedrock. Default: the main account. */
            accountId?: string;
            /** A Bedrock knowledge base the agent may search (10 letters and digits). */
            knowledgeBaseId?: string;
            /** What the knowledge base holds, as the agent reads it (at most 200 characters). */
            knowledgeBaseDescription?: string;
            /**
             * The agent instruction, relative to the backend's working
             * directory. Default: the shipped `agent/instruction.md`.
             */
            instructionFile?: string;
            /**
             * How long Bedrock keeps an idle conversation's session, 60 to
             * 3600 seconds. Default 1800. A conversation resumed after it
             * sends its earlier messages again.
             */
            idleSessionTtlInSeconds?: number;
            /** Endpoint override, e.g. a VPC endpoint of `bedrock-agent-runtime`. */
            endpoint?: string;
          };
      /**
       * Validation rounds a model-written template gets per answer before
       * the agent must give up on it, 1 to 10. Default 3.
       */
      maxRepairRounds?: number;
      /** Actions (tool calls) the agent may run per answer, 1 to 50. Default 12. */
      maxToolCalls?: number;
      /**
       * Longest an answer may stream, in seconds (10 to 3600): past it the
       * upstream call is cancelled and the answer ends with a `timeout`
       * error (nothing stored). Default 300.
       */
      answerTimeoutSeconds?: number;
    };
  };
}

import { isAbsolute, resolve } from 'path';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  remediationEngineServiceRef,
  type RemediationEngine,
} from '../remediation/engine/RemediationEngine';
import type { RemediationStatus } from '@internal/plugin-securityhub-remediation-common';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import type {
  AutomationRunner,
  FindingVerifier,
  RemediationPipeline,
  RemediationRepository,
} from './ports';
import { createAwsDelivery } from './aws/awsDeliveryFromConfig';
import { LocalGitRepository } from './local/LocalGitRepository';
import { LocalPipeline } from './local/LocalPipeline';
import { LocalAutomationRunner } from './local/LocalAutomationRunner';

/** Config key of the delivery options. */
export const DELIVERY_CONFIG_KEY = 'securityHubRemediation.delivery';
export const DEFAULT_DELIVERY_DIRECTORY = '.data/remediation-delivery';

/** The delivery ports the backend drives a remediation through. @public */
export interface RemediationDelivery {
  repository: RemediationRepository;
  pipeline: RemediationPipeline;
  runner: AutomationRunner;
  /**
   * Verifies in Security Hub (AWS delivery). Absent for local delivery: the
   * backend marks the finding in its own store instead.
   */
  verifier?: FindingVerifier;
  /** Account the pipeline deploys stacks in (AWS delivery); findings of other accounts go by StackSet. */
  deployAccountId?: string;
  /** How often to look at a remediation per status, where the adapters want their own pace. */
  followUpIntervalsMs?: Partial<Record<RemediationStatus, number>>;
}

export interface RemediationDeliveryOptions {
  validate: RemediationEngine['validate'];
  /** Base of a relative `delivery.local.directory`; defaults to the process's working directory. */
  workingDirectory?: string;
  /** AWS delivery: replaces the one built from the `aws` integration config. */
  credentialsManager?: AwsCredentialsManager;
  /** AWS delivery: the portal's link to a remediation, noted on the finding. */
  remediationUrl?(remediationId: string): string;
}

/**
 * Builds the delivery ports from `securityHubRemediation.delivery`:
 * `type: local` (the default) keeps everything on this machine and applies
 * nothing in AWS; `type: aws` drives CodeCommit, CodePipeline, SSM
 * Automation and Security Hub (`delivery.aws`, see `infra/`).
 *
 * @public
 */
export async function createRemediationDelivery(
  config: Config,
  options: RemediationDeliveryOptions,
): Promise<RemediationDelivery> {
  const type =
    config.getOptionalString(`${DELIVERY_CONFIG_KEY}.type`) ?? 'local';
  if (type === 'aws') {
    return createAwsDelivery(config, `${DELIVERY_CONFIG_KEY}.aws`, options);
  }
  if (type !== 'local') {
    throw new Error(
      `${DELIVERY_CONFIG_KEY}.type must be "local" or "aws", not "${type}"`,
    );
  }
  const local = `${DELIVERY_CONFIG_KEY}.local`;
  const configured =
    config.getOptionalString(`${local}.directory`) ??
    DEFAULT_DELIVERY_DIRECTORY;
  const directory = isAbsolute(configured)
    ? configured
    : resolve(options.workingDirectory ?? process.cwd(), configured);
  const branch = config.getOptionalString(`${local}.branch`) ?? 'main';
  const name =
    config.getOptionalString(`${local}.repositoryName`) ??
    'remediation-templates';
  const cfnLint = config.getOptionalString(`${local}.cfnLint`) ?? 'auto';
  if (cfnLint !== 'auto' && cfnLint !== 'off') {
    throw new Error(
      `${local}.cfnLint must be "auto" or "off", not "${cfnLint}"`,
    );
  }
  let repository: LocalGitRepository;
  try {
    repository = new LocalGitRepository({ directory, branch, name });
  } catch (error) {
    throw new Error(`${local}.branch "${branch}" is not a usable branch name`);
  }
  const pipeline = new LocalPipeline({
    directory,
    repository,
    validate: options.validate,
    cfnLint,
  });
  const runner = new LocalAutomationRunner({ directory });
  return { repository, pipeline, runner };
}

/**
 * The delivery ports as a backend service, built from config and the
 * engine's validator; a test replaces it with `createServiceFactory`.
 *
 * @public
 */
export const remediationDeliveryServiceRef =
  createServiceRef<RemediationDelivery>({
    id: 'securityhub-remediation.delivery',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          engine: remediationEngineServiceRef,
        },
        factory: ({ config, engine }) => {
          const portal = config.getOptionalString('app.baseUrl');
          return createRemediationDelivery(config, {
            validate: (text, fileName) => engine.validate(text, fileName),
            remediationUrl: portal
              ? id =>
                  `${portal}/securityhub/remediations/${encodeURIComponent(id)}`
              : undefined,
          });
        },
      }),
  });

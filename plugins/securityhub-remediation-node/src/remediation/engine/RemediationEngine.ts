import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { AsffFinding } from '@internal/plugin-securityhub-remediation-common';
import { knowledgeFor, type ControlKnowledge } from '../knowledge';
import {
  checkProposal,
  type ProposalOutcome,
  type RepairProposal,
} from '../proposals/checkProposal';
import type { ControlRetriever } from '../retrieval/ControlRetriever';
import {
  createControlRetriever,
  type RetrieverFromConfigOptions,
} from '../retrieval/retrieverFromConfig';
import {
  AUTOMATION_PREFERENCES,
  renderRemediation,
  type AutomationPreference,
  type RemediationAnswer,
} from '../templates/renderRemediation';
import { validateRemediationFile, type ValidationReport } from '../validation';

/** Config key of the remediation options. */
export const REMEDIATION_CONFIG_KEY = 'securityHubRemediation.remediation';

/**
 * The remediation engine as the backend uses it, configured once: which
 * control (retrieval), what remediates it (knowledge, rendering) and whether
 * a template is valid (validation, proposal repair).
 *
 * @public
 */
export interface RemediationEngine {
  readonly retriever: ControlRetriever;
  /** `securityHubRemediation.remediation.asrDeployed`. */
  readonly asrDeployed: boolean;
  /** `securityHubRemediation.remediation.prefer`: which automation wins where a control has both. */
  readonly prefer: AutomationPreference;
  knowledge(controlId: string): ControlKnowledge | undefined;
  /** Renders with the configured preference unless the input names one. */
  render(input: {
    controlId: string;
    finding?: AsffFinding;
    prefer?: AutomationPreference;
  }): RemediationAnswer;
  validate(text: string, fileName: string): ValidationReport;
  checkProposal(options: {
    text: string;
    fileName: string;
    repair?: RepairProposal;
    maxRounds?: number;
  }): Promise<ProposalOutcome>;
}

/** Builds the engine from `securityHubRemediation.retrieval` and `.remediation`. @public */
export async function createRemediationEngine(
  config: Config,
  options: RetrieverFromConfigOptions = {},
): Promise<RemediationEngine> {
  const retriever = await createControlRetriever(config, options);
  const asrDeployed =
    config.getOptionalBoolean(`${REMEDIATION_CONFIG_KEY}.asrDeployed`) ?? false;
  const prefer = preferenceFrom(config);
  return {
    retriever,
    asrDeployed,
    prefer,
    knowledge: controlId => knowledgeFor(controlId, { asrDeployed }),
    render: input =>
      renderRemediation({ ...input, prefer: input.prefer ?? prefer }),
    validate: validateRemediationFile,
    checkProposal,
  };
}

function preferenceFrom(config: Config): AutomationPreference {
  const key = `${REMEDIATION_CONFIG_KEY}.prefer`;
  const value = config.getOptionalString(key) ?? 'aws-runbook';
  if (!(AUTOMATION_PREFERENCES as readonly string[]).includes(value))
    throw new Error(
      `${key} is "${value}"; use one of: ${AUTOMATION_PREFERENCES.join(', ')}`,
    );
  return value as AutomationPreference;
}

/**
 * The engine as a backend service: one per plugin, built from config; a test
 * or another module replaces it with `createServiceFactory`.
 *
 * @public
 */
export const remediationEngineServiceRef = createServiceRef<RemediationEngine>({
  id: 'securityhub-remediation.engine',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => createRemediationEngine(config),
    }),
});

export { DEMO_ACCOUNTS, type DemoAccount } from './accounts';
export {
  DEFAULT_DEMO_FINDINGS_COUNT,
  DEFAULT_DEMO_SEED,
  DEMO_REFERENCE_TIME,
  generateDemoFindings,
  type DemoFindingsOptions,
} from './generateDemoFindings';
export {
  DEFAULT_DEMO_OCSF_FINDINGS_COUNT,
  DEFAULT_DEMO_OCSF_SEED,
  DEMO_OCSF_ACCOUNT_IDS,
  generateDemoOcsfFindings,
  type DemoOcsfFindingsOptions,
} from './generateDemoOcsfFindings';

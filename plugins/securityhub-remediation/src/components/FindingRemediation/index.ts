export { FindingRemediationSection } from './FindingRemediationSection';

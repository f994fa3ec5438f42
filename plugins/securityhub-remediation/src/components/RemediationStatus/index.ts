export { RemediationStatusChip, statusLabel } from './RemediationStatusChip';
export { LocalLabel } from './LocalLabel';
export { automationKindLabel } from './automationKind';

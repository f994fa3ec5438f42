export { SeverityChip } from './SeverityChip';
export {
  SEVERITIES_DESCENDING,
  SEVERITY_PALETTE,
  type SeverityColors,
} from './severityPalette';

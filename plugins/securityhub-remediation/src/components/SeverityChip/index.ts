export { SeverityChip } from './SeverityChip';
export {
  SEVERITIES_DESCENDING,
  SEVERITY_PALETTE,
  SEVERITY_TEXT_ON_PAPER,
  type SeverityColors,
} from './severityPalette';

export {
  FindingDetailDrawer,
  type FindingDetailDrawerProps,
} from './FindingDetailDrawer';
export { useFindingTriageSelection } from './useFindingTriageSelection';

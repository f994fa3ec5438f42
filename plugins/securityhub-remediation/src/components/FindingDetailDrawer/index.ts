export {
  FindingDetailDrawer,
  type FindingDetailDrawerProps,
} from './FindingDetailDrawer';

export {
  BACKFILL_DAYS,
  FindingsTrendsService,
  type FindingsTrendsOptions,
  type SyncRunOutcome,
} from './FindingsTrendsService';
export { OPEN_FINDINGS_FILTER } from './openCounts';

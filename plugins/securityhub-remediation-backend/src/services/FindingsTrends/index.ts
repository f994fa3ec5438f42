export {
  BACKFILL_DAYS,
  FindingsTrendsService,
  type FindingsTrendsOptions,
  type SyncRunOutcome,
} from './FindingsTrendsService';

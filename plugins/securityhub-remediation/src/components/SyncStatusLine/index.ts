export { SyncStatusLine, lastSucceededAt } from './SyncStatusLine';

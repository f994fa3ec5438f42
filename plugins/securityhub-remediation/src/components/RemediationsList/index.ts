export {
  RemediationsList,
  type RemediationsListProps,
} from './RemediationsList';
export { RemediationsTable, shortUserRef } from './RemediationsTable';

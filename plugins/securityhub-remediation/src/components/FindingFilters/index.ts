export {
  FindingFilters,
  type FilterUpdate,
  type FindingFiltersProps,
} from './FindingFilters';

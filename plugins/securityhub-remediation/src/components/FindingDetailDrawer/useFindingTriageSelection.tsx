import { useState } from 'react';
import type { FindingsSelection } from '../FindingsTable';
import { FindingTriageBulkBar } from './FindingTriageBulkBar';

/**
 * Triage state of a findings view: the rows selected for a bulk triage, the
 * bar that triages them, and a key that changes after every triage (from the
 * bar or the drawer) so the view reloads its list and counts.
 */
export function useFindingTriageSelection() {
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(
    () => new Set(),
  );
  const [refreshKey, setRefreshKey] = useState(0);
  const onTriaged = () => setRefreshKey(key => key + 1);
  const selection: FindingsSelection = {
    selectedIds,
    onChange: setSelectedIds,
  };
  const bulkBar = (
    <FindingTriageBulkBar
      selectedIds={[...selectedIds]}
      onClear={() => setSelectedIds(new Set())}
      onTriaged={onTriaged}
    />
  );
  return { selection, bulkBar, refreshKey, onTriaged };
}

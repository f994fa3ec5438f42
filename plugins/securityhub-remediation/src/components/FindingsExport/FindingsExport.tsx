import { useState, type MouseEvent } from 'react';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import GetAppIcon from '@material-ui/icons/GetApp';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import type {
  FindingSortField,
  FindingsExportFormat,
  FindingsFilter,
} from '@internal/plugin-securityhub-remediation-common';
import { securityHubFindingsApiRef, type SortOrder } from '../../api';

export interface FindingsExportProps {
  /** The filter of the view, including a fixed account. */
  filter: FindingsFilter;
  sort: FindingSortField;
  order: SortOrder;
}

const FORMATS: Array<{ format: FindingsExportFormat; label: string }> = [
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
];

/**
 * Export button with a CSV / JSON menu: downloads every finding of the
 * current view (its filters and sort, all pages), not only the page shown.
 */
export function FindingsExport(props: FindingsExportProps) {
  const { filter, sort, order } = props;
  const api = useApi(securityHubFindingsApiRef);
  const alertApi = useApi(alertApiRef);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [exporting, setExporting] = useState<FindingsExportFormat>();

  const download = async (format: FindingsExportFormat) => {
    setAnchor(null);
    setExporting(format);
    try {
      await api.exportFindings({ ...filter, sort, order, format });
    } catch (error) {
      alertApi.post({
        message: `Could not export findings: ${
          error instanceof Error ? error.message : String(error)
        }`,
        severity: 'error',
      });
    } finally {
      setExporting(undefined);
    }
  };

  return (
    <>
      <Button
        variant="outlined"
        aria-haspopup="menu"
        aria-controls={anchor ? 'findings-export-menu' : undefined}
        disabled={exporting !== undefined}
        startIcon={
          exporting ? (
            <CircularProgress size={16} aria-label="Exporting findings" />
          ) : (
            <GetAppIcon />
          )
        }
        onClick={(event: MouseEvent<HTMLElement>) =>
          setAnchor(event.currentTarget)
        }
      >
        Export
      </Button>
      <Menu
        id="findings-export-menu"
        anchorEl={anchor}
        keepMounted={false}
        open={Boolean(anchor)}
        onClose={() => setAnchor(null)}
      >
        {FORMATS.map(({ format, label }) => (
          <MenuItem key={format} onClick={() => download(format)}>
            {label}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

import Chip from '@material-ui/core/Chip';
import type { DeliveryMode } from '@internal/plugin-securityhub-remediation-common';

/**
 * Marks work a local adapter did (nothing changed in AWS); renders nothing
 * for AWS work, so it can be placed next to every stage and section.
 */
export function LocalLabel(props: { mode?: DeliveryMode }) {
  if (props.mode !== 'local') return null;
  return (
    <Chip
      size="small"
      variant="outlined"
      label="Local"
      title="Done by a local adapter: nothing was changed in AWS"
      style={{ marginLeft: 8 }}
    />
  );
}

import Chip from '@material-ui/core/Chip';
import type {
  RemediationStatus,
  StageStatus,
} from '@internal/plugin-securityhub-remediation-common';

type Tone = 'good' | 'bad' | 'waiting' | 'busy' | 'idle';

const TONE_COLORS: Record<Tone, { background: string; color: string }> = {
  good: { background: '#2e7d32', color: '#fff' },
  bad: { background: '#c62828', color: '#fff' },
  waiting: { background: '#ef6c00', color: '#fff' },
  busy: { background: '#1565c0', color: '#fff' },
  idle: { background: '#757575', color: '#fff' },
};

const STATUS_TONES: Record<RemediationStatus, Tone> = {
  generated: 'idle',
  staged: 'busy',
  validating: 'busy',
  awaiting_approval: 'waiting',
  deploying: 'busy',
  deployed: 'busy',
  running: 'busy',
  verifying: 'busy',
  verified: 'good',
  rejected: 'bad',
  failed: 'bad',
};

const STAGE_TONES: Record<StageStatus, Tone> = {
  pending: 'idle',
  in_progress: 'busy',
  succeeded: 'good',
  failed: 'bad',
  rejected: 'bad',
  skipped: 'idle',
};

/** `awaiting_approval` → `awaiting approval`. */
export function statusLabel(status: string): string {
  return status.replace(/_/g, ' ');
}

/** A remediation's (or one stage's) status as a coloured chip. */
export function RemediationStatusChip(props: {
  status: RemediationStatus | StageStatus;
  kind?: 'remediation' | 'stage';
}) {
  const tone =
    props.kind === 'stage'
      ? STAGE_TONES[props.status as StageStatus]
      : STATUS_TONES[props.status as RemediationStatus];
  return (
    <Chip
      size="small"
      label={statusLabel(props.status)}
      style={TONE_COLORS[tone ?? 'idle']}
    />
  );
}

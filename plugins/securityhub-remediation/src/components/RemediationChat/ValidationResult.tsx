import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import type {
  ChatProposal,
  ValidationSummary,
} from '@internal/plugin-securityhub-remediation-common';

/** The validator's verdict on a template, with every problem it found. */
export function ValidationResult(props: {
  validation: ValidationSummary;
  rounds?: ChatProposal['rounds'];
}) {
  const { validation, rounds } = props;
  const errors = validation.problems.filter(p => p.severity === 'error');
  return (
    <Box mt={1} data-testid="chat-validation">
      <Box display="flex" alignItems="center" style={{ gap: 6 }}>
        {validation.valid ? (
          <CheckCircleIcon fontSize="small" style={{ color: '#2e7d32' }} />
        ) : (
          <ErrorIcon fontSize="small" color="error" />
        )}
        <Typography variant="body2">
          {validation.valid
            ? `Valid ${validation.kind}`
            : `Invalid ${validation.kind}: ${errors.length} error${
                errors.length === 1 ? '' : 's'
              }`}
          {validation.valid && validation.problems.length > 0
            ? ` (${validation.problems.length} warning${
                validation.problems.length === 1 ? '' : 's'
              })`
            : ''}
          {rounds?.length
            ? ` — after ${rounds.length} validation round${
                rounds.length === 1 ? '' : 's'
              }`
            : ''}
        </Typography>
      </Box>
      {validation.problems.length > 0 && (
        <Box component="ul" m={0} pl={3}>
          {validation.problems.map((problem, i) => (
            <li key={i}>
              <Typography variant="body2">
                <strong>{problem.severity}</strong> {problem.rule} at{' '}
                <code>{problem.path || '/'}</code>: {problem.message}
              </Typography>
            </li>
          ))}
        </Box>
      )}
    </Box>
  );
}

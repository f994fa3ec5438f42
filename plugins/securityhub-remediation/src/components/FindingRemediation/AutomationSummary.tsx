import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { RemediationPreview } from '@internal/plugin-securityhub-remediation-common';
import { automationKindLabel } from '../RemediationStatus';
import { ValidationResult } from '../RemediationChat/ValidationResult';

/**
 * What the remediation engine knows about the finding's control: how it is
 * automated (or why not, and the steps by hand), whether the template
 * validates and what parameters it still lacks.
 */
export function AutomationSummary(props: { preview: RemediationPreview }) {
  const p = props.preview;
  return (
    <Box data-testid="automation-summary">
      <Typography variant="body2">
        <strong>{automationKindLabel(p.automationKind)}</strong>
        {p.automationKind === 'aws-runbook' && p.runbook && (
          <>
            : <code>{p.runbook}</code>
          </>
        )}
        {p.automationKind !== 'aws-runbook' && p.name && (
          <>
            : <code>{p.name}</code>
          </>
        )}
      </Typography>
      {p.reason && (
        <Typography variant="body2" paragraph>
          {p.reason}
        </Typography>
      )}
      {p.manualSteps && p.manualSteps.length > 0 && (
        <>
          <Typography variant="body2">Steps by hand:</Typography>
          <Box component="ol" mt={0} pl={3}>
            {p.manualSteps.map(step => (
              <li key={step}>
                <Typography variant="body2">{step}</Typography>
              </li>
            ))}
          </Box>
        </>
      )}
      {p.validation && <ValidationResult validation={p.validation} />}
      {p.missingParameters && p.missingParameters.length > 0 && (
        <Box mt={1}>
          <Typography variant="body2">
            Parameters still needed before it can deploy:
          </Typography>
          <Box component="ul" mt={0} pl={3}>
            {p.missingParameters.map(param => (
              <li key={param.name}>
                <Typography variant="body2">
                  <code>{param.name}</code>: {param.description}
                </Typography>
              </li>
            ))}
          </Box>
        </Box>
      )}
      {p.caveats && p.caveats.length > 0 && (
        <Box component="ul" mt={1} pl={3}>
          {p.caveats.map(caveat => (
            <li key={caveat}>
              <Typography variant="body2" color="textSecondary">
                {caveat}
              </Typography>
            </li>
          ))}
        </Box>
      )}
    </Box>
  );
}

import { ConfigReader } from '@backstage/config';
import { CURATED_AUTOMATIONS } from '../curated';
import { renderRemediation } from '../templates/renderRemediation';
import { createRemediationEngine } from './RemediationEngine';

const engineWith = (remediation: object) =>
  createRemediationEngine(
    new ConfigReader({ securityHubRemediation: { remediation } }),
  );

/** A control with both an AWS runbook and a curated automation. */
const shadowed = CURATED_AUTOMATIONS.find(
  a => renderRemediation({ controlId: a.controlId }).kind === 'aws-runbook',
)!.controlId;

describe('createRemediationEngine: remediation.prefer', () => {
  it('prefers the AWS runbook by default', async () => {
    const engine = await engineWith({});
    expect(engine.prefer).toBe('aws-runbook');
    expect(engine.render({ controlId: shadowed }).kind).toBe('aws-runbook');
  });

  it('renders the curated automation where both exist with prefer: curated', async () => {
    const engine = await engineWith({ prefer: 'curated' });
    expect(engine.prefer).toBe('curated');
    expect(engine.render({ controlId: shadowed }).kind).toBe('curated');
    // A caller naming a preference overrides the configured one.
    expect(
      engine.render({ controlId: shadowed, prefer: 'aws-runbook' }).kind,
    ).toBe('aws-runbook');
  });

  it('refuses an unknown preference at start-up, naming the choices', async () => {
    await expect(engineWith({ prefer: 'newest' })).rejects.toThrow(
      'securityHubRemediation.remediation.prefer is "newest"; use one of: aws-runbook, curated',
    );
  });
});

import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

// Remediation ids are literal so that trackRemediation.test.ts can run each
// example's track step through the handler.
export const examples: TemplateExample[] = [
  {
    description:
      'Follow a remediation until it is verified, rejected or failed (at most an hour)',
    example: `steps:
  - id: track
    name: Follow the remediation
    action: securityhub:remediation:track
    input:
      remediationId: 0f6b1e2c-3d4a-4b5c-8d6e-7f8091a2b3c4
`,
  },
  {
    description:
      'Follow a remediation staged earlier in the template, polling every 30 seconds for up to a day (approvals can take a while)',
    example: `steps:
  - id: track
    name: Follow the remediation
    action: securityhub:remediation:track
    input:
      remediationId: 5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d
      timeoutMinutes: 1440
      pollSeconds: 30
  - id: log
    name: Show the result
    action: debug:log
    input:
      message: "\${{ steps.track.output.status }}: \${{ steps.track.output.verification.note }}"
`,
  },
];

import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

// Finding ids are literal so that generateRemediation.test.ts can run each
// example's steps through the handler.
export const examples: TemplateExample[] = [
  {
    description:
      'Render the remediation of a finding the user picked, and log what it deploys',
    example: `steps:
  - id: generate
    name: Generate the remediation
    action: securityhub:remediation:generate
    input:
      findingId: arn:aws:securityhub:us-east-1:111122223333:security-control/S3.5/finding/7f3c1e2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b
  - id: summary
    name: Show what it deploys
    action: debug:log
    input:
      message: "\${{ steps.generate.output.name }} (\${{ steps.generate.output.automationKind }}), template \${{ steps.generate.output.templateHash }}, valid: \${{ steps.generate.output.valid }}"
`,
  },
  {
    description: 'Generate, then stage exactly the template that was generated',
    example: `steps:
  - id: generate
    name: Generate the remediation
    action: securityhub:remediation:generate
    input:
      findingId: arn:aws:securityhub:eu-west-1:444455556666:security-control/EC2.19/finding/2b9d4c6e-8f0a-4b1c-9d2e-3f4a5b6c7d8e
  - id: stage
    name: Stage it
    action: securityhub:remediation:stage
    input:
      findingId: \${{ steps.generate.output.findingId }}
      templateHash: \${{ steps.generate.output.templateHash }}
`,
  },
];

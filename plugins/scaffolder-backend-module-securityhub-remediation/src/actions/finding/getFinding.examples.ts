import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

// Plain YAML: `yaml` is not a dependency of this package. Finding ids are
// literal so that getFinding.test.ts can run each one through the handler.
export const examples: TemplateExample[] = [
  {
    description: 'Read a Security Hub control finding by its id',
    example: `steps:
  - id: finding
    name: Read the finding
    action: securityhub:finding:get
    input:
      findingId: arn:aws:securityhub:us-east-1:111122223333:security-control/S3.5/finding/7f3c1e2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b
`,
  },
  {
    description:
      'Read a finding and use its control, account and resource in later steps',
    example: `steps:
  - id: finding
    name: Read the finding
    action: securityhub:finding:get
    input:
      findingId: arn:aws:securityhub:eu-west-1:444455556666:security-control/EC2.19/finding/2b9d4c6e-8f0a-4b1c-9d2e-3f4a5b6c7d8e
  - id: summary
    name: Show what will be remediated
    action: debug:log
    input:
      message: "Remediating \${{ steps.finding.output.controlId }} (\${{ steps.finding.output.severity }}) on \${{ steps.finding.output.resourceId }} in account \${{ steps.finding.output.awsAccountId }}, \${{ steps.finding.output.region }}"
`,
  },
  {
    description:
      'Read a finding that is not a control finding (controlId is then empty)',
    example: `steps:
  - id: finding
    name: Read the Inspector finding
    action: securityhub:finding:get
    input:
      findingId: arn:aws:inspector2:us-east-1:111122223333:finding/0a1b2c3d4e5f60718293a4b5c6d7e8f9
`,
  },
];

import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

// Finding ids and hashes are literal so that stageRemediation.test.ts can run
// each example's stage step through the handler.
export const examples: TemplateExample[] = [
  {
    description:
      'Stage the template the user reviewed (the review field outputs its hash)',
    example: `steps:
  - id: stage
    name: Stage the remediation
    action: securityhub:remediation:stage
    input:
      findingId: arn:aws:securityhub:us-east-1:111122223333:security-control/S3.5/finding/7f3c1e2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b
      templateHash: 3b5e0c7d9a1f2e4b6c8d0a2e4f6b8d0c2e4a6b8d0f2c4e6a8b0d2f4c6e8a0b2d
`,
  },
  {
    description:
      'Stage with an idempotency key of your own (by default it is derived from the task), then show the commit',
    example: `steps:
  - id: stage
    name: Stage the remediation
    action: securityhub:remediation:stage
    input:
      findingId: arn:aws:securityhub:eu-west-1:444455556666:security-control/EC2.19/finding/2b9d4c6e-8f0a-4b1c-9d2e-3f4a5b6c7d8e
      templateHash: 9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0
      idempotencyKey: change-4711.ec2-19
  - id: log
    name: Show the commit
    action: debug:log
    input:
      message: "Staged \${{ steps.stage.output.files | join(', ') }} to \${{ steps.stage.output.repository }}@\${{ steps.stage.output.branch }} (\${{ steps.stage.output.commitId }})"
`,
  },
];

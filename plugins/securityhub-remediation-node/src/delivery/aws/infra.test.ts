import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse as parseYaml } from 'yaml';
import { findCfnLint, runCfnLint } from '../../remediation/validation/cfnLint';
import {
  adapterActions,
  INFRA_DIR,
  loadInfraTemplate,
  REPO_ROOT,
  roleGrants,
} from './__testUtils__/infraTemplates';

/**
 * The AWS side of the delivery (infra/): both templates lint clean, the
 * pipeline has the shape the portal's CodePipeline adapter follows, the
 * portal's roles grant exactly what the adapters call, and the Deploy stage's
 * script deploys a rendered remediation on CloudFormation (moto_server).
 */
jest.setTimeout(180_000);

const PIPELINE = 'remediation-pipeline.yaml';
const MEMBER = 'member-account.yaml';

const pipeline = loadInfraTemplate(PIPELINE);
const member = loadInfraTemplate(MEMBER);
const resourcesOf = (template: Record<string, any>) =>
  template.Resources as Record<string, any>;

describe('infra templates', () => {
  const pipelineResource = resourcesOf(pipeline).Pipeline;
  const stages: any[] = pipelineResource.Properties.Stages;
  const action = (stage: string, name: string) =>
    stages
      .find(s => s.Name === stage)
      ?.Actions.find((a: any) => a.Name === name);

  it('runs a queued V2 pipeline: Source, Validate, Approval, Deploy', () => {
    expect(pipelineResource.Type).toBe('AWS::CodePipeline::Pipeline');
    expect(pipelineResource.Properties.PipelineType).toBe('V2');
    expect(pipelineResource.Properties.ExecutionMode).toBe('QUEUED');
    expect(stages.map(s => s.Name)).toEqual([
      'Source',
      'Validate',
      'Approval',
      'Deploy',
    ]);
    const templates = action('Source', 'TemplatesSource');
    expect(templates.ActionTypeId.Provider).toBe('CodeCommit');
    expect(templates.Configuration.OutputArtifactFormat).toBe(
      'CODEBUILD_CLONE_REF',
    );
    expect(action('Source', 'PortalSource').ActionTypeId.Provider).toBe('S3');
  });

  it('asks the approvers through the SNS topic', () => {
    const approval = action('Approval', 'ManualApproval');
    expect(approval.ActionTypeId).toMatchObject({
      Category: 'Approval',
      Provider: 'Manual',
    });
    const topic = approval.Configuration.NotificationArn.Ref;
    expect(resourcesOf(pipeline)[topic].Type).toBe('AWS::SNS::Topic');
    expect(approval.Configuration.CustomData).toMatch(/deploy/i);
    const subscriptions =
      resourcesOf(pipeline)['Fn::ForEach::ApproverSubscriptions'];
    expect(subscriptions[1]).toEqual({ Ref: 'NotificationEmails' });
    expect(
      Object.values(subscriptions[2] as Record<string, any>)[0].Properties
        .TopicArn,
    ).toEqual({ Ref: topic });
  });

  it.each([
    ['Validate', 'buildspec-validate.yml'],
    ['Deploy', 'buildspec-deploy.yml'],
  ])('%s builds from the portal source with %s', (stage, buildspecFile) => {
    const build = action(stage, stage);
    expect(build.Configuration.PrimarySource).toBe('PortalSource');
    expect(build.InputArtifacts.map((a: any) => a.Name).sort()).toEqual([
      'PortalSource',
      'TemplatesSource',
    ]);
    const project = resourcesOf(pipeline)[build.Configuration.ProjectName.Ref];
    expect(project.Type).toBe('AWS::CodeBuild::Project');
    const buildspec = project.Properties.Source.BuildSpec as string;
    expect(buildspec).toBe(`infra/pipeline/${buildspecFile}`);
    const text = readFileSync(join(REPO_ROOT, buildspec), 'utf8');
    const parsed = parseYaml(text);
    expect(parsed.version).toBe(0.2);
    // Every script a buildspec runs from the portal source exists.
    for (const script of text.match(/infra\/pipeline\/[\w.-]+/g) ?? []) {
      expect(existsSync(join(REPO_ROOT, script))).toBe(true);
    }
    expect(text).toContain('infra/pipeline/deploy_remediations.py');
  });

  it('lets the portal approve only the ManualApproval action of the Approval stage', () => {
    const grant = roleGrants(pipeline, 'PortalRemediationDeliveryRole').find(
      g => g.action === 'codepipeline:PutApprovalResult',
    );
    expect(grant?.statement.Resource['Fn::Sub']).toMatch(
      /:\$\{PipelineName\}\/Approval\/ManualApproval$/,
    );
  });

  it("grants the portal roles exactly the adapters' calls", () => {
    const adapters = adapterActions(join(__dirname));
    // An empty folder would make the comparison below vacuous.
    expect(adapters.files.length).toBeGreaterThan(0);
    expect(adapters.actions.size).toBeGreaterThan(0);

    const grants = [
      ...roleGrants(pipeline, 'PortalRemediationDeliveryRole'),
      ...roleGrants(member, 'PortalRemediationRunnerRole'),
    ];
    const always = new Set(grants.filter(g => !g.condition).map(g => g.action));
    expect([...always].sort()).toEqual(
      [...adapters.actions, 'iam:PassRole'].sort(),
    );
    // The chat's Bedrock grants exist only when their ids are set.
    const conditional = grants.filter(g => g.condition);
    expect(
      conditional.map(g => `${g.action} if ${g.condition}`).sort(),
    ).toEqual([
      'bedrock:InvokeAgent if HasAgent',
      'bedrock:Retrieve if HasKnowledgeBase',
    ]);
  });

  it('lets the portal pass only the remediation roles, and only to SSM', () => {
    const passRole = roleGrants(member, 'PortalRemediationRunnerRole').find(
      g => g.action === 'iam:PassRole',
    )!;
    expect(passRole.statement.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' },
    });
    const resources = passRole.statement.Resource.map((r: any) => r['Fn::Sub']);
    expect(resources).toEqual([
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/SecHubRemediation-*',
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/StackSet-SecHub*',
    ]);
  });

  it('trusts the portal principal, and the execution role trusts the administration role', () => {
    for (const [template, role] of [
      [pipeline, 'PortalRemediationDeliveryRole'],
      [member, 'PortalRemediationRunnerRole'],
    ] as const) {
      const trust =
        resourcesOf(template)[role].Properties.AssumeRolePolicyDocument;
      expect(trust.Statement[0].Principal).toEqual({
        AWS: { Ref: 'PortalPrincipalArn' },
      });
    }
    const admin = resourcesOf(pipeline).StackSetAdministrationRole.Properties;
    const execution = resourcesOf(member).StackSetExecutionRole.Properties;
    expect(member.Parameters.AdministrationRoleName.Default).toBe(
      admin.RoleName,
    );
    expect(execution.RoleName).toEqual({ Ref: 'ExecutionRoleName' });
    expect(member.Parameters.ExecutionRoleName.Default).toBe(
      pipeline.Parameters.ExecutionRoleName.Default,
    );
  });
});

const cfnLint = findCfnLint();
if (!cfnLint && process.env.REQUIRE_CFN_LINT !== '1') {
  // eslint-disable-next-line no-console
  console.warn(
    'infra.test.ts: cfn-lint checks skipped: cfn-lint is not on PATH; set REQUIRE_CFN_LINT=1 to make this a failure',
  );
}
(cfnLint || process.env.REQUIRE_CFN_LINT === '1' ? describe : describe.skip)(
  'cfn-lint on the infra templates',
  () => {
    it.each([PIPELINE, MEMBER])('%s has no problem at all', async file => {
      if (!cfnLint)
        throw new Error('REQUIRE_CFN_LINT=1 but cfn-lint is not on PATH');
      const result = await runCfnLint(join(INFRA_DIR, file), {
        executable: cfnLint,
      });
      expect(result.skipped).toBeUndefined();
      expect(result.problems).toEqual([]);
    });
  },
);

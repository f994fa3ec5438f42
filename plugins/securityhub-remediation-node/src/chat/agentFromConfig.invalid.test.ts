import { build, chat } from './__testUtils__/agentConfig';

describe('createRemediationAgent refuses invalid config', () => {
  it.each([
    [{ type: 'openai' }, /securityHubRemediation\.chat\.agent\.type/],
    [
      {
        type: 'bedrock-agent',
        agentArn: 'arn:aws:bedrock:us-east-1:1:agent/x',
      },
      /securityHubRemediation\.chat\.agent\.agentArn/,
    ],
    [
      {
        type: 'bedrock-agent',
        agentArn: 'arn:aws:bedrock:us-east-1:111122223333:agent/AGENT12345',
      },
      /securityHubRemediation\.chat\.agent\.agentAliasId: required/,
    ],
    [
      {
        type: 'bedrock-agent',
        agentId: 'AGENT12345',
        agentAliasId: 'ALIAS12345',
      },
      /securityHubRemediation\.chat\.agent\.region: required without agentArn/,
    ],
    [
      {
        type: 'bedrock-agent',
        agentId: 'short',
        agentAliasId: 'ALIAS12345',
        region: 'us-east-1',
      },
      /securityHubRemediation\.chat\.agent\.agentId: must be a Bedrock agent id/,
    ],
    [
      {
        type: 'bedrock-agent',
        agentArn:
          'arn:aws:bedrock:us-east-1:111122223333:agent-alias/AGENT12345/ALIAS12345',
        region: 'eu-west-1',
      },
      /securityHubRemediation\.chat\.agent\.region: eu-west-1 contradicts agentArn/,
    ],
    [
      { type: 'bedrock-inline-agent', region: 'us-east-1' },
      /securityHubRemediation\.chat\.agent\.foundationModel/,
    ],
    [
      { type: 'bedrock-inline-agent', foundationModel: 'm', region: 'Mars' },
      /securityHubRemediation\.chat\.agent\.region: must be an AWS region/,
    ],
    [
      {
        type: 'bedrock-inline-agent',
        foundationModel: 'm',
        region: 'us-east-1',
        idleSessionTtlInSeconds: 5,
      },
      /securityHubRemediation\.chat\.agent\.idleSessionTtlInSeconds/,
    ],
    [
      {
        type: 'bedrock-inline-agent',
        foundationModel: 'm',
        region: 'us-east-1',
        instructionFile: '/nonexistent/instruction.md',
      },
      /securityHubRemediation\.chat\.agent\.instructionFile: .*ENOENT/,
    ],
    [
      { type: 'local', model: 'x' },
      /securityHubRemediation\.chat\.agent: Unrecognized key/,
    ],
  ])('refuses %j naming the key', async (agentConfig, message) => {
    await expect(build(chat({ agent: agentConfig }))).rejects.toThrow(message);
  });
});

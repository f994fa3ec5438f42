import { parseBedrockAgentArn } from './agentArn';

describe('parseBedrockAgentArn', () => {
  it('reads an agent alias ARN', () => {
    expect(
      parseBedrockAgentArn(
        'arn:aws:bedrock:eu-central-1:111122223333:agent-alias/AGENT12345/ALIAS12345',
      ),
    ).toEqual({
      partition: 'aws',
      region: 'eu-central-1',
      accountId: '111122223333',
      agentId: 'AGENT12345',
      agentAliasId: 'ALIAS12345',
    });
  });

  it('reads the agent ARN the console shows (no alias)', () => {
    expect(
      parseBedrockAgentArn(
        'arn:aws-us-gov:bedrock:us-gov-west-1:111122223333:agent/AGENT12345',
      ),
    ).toEqual({
      partition: 'aws-us-gov',
      region: 'us-gov-west-1',
      accountId: '111122223333',
      agentId: 'AGENT12345',
      agentAliasId: undefined,
    });
  });

  it.each([
    'arn:aws:bedrock:us-east-1:111122223333:agent-alias/AGENT12345',
    'arn:aws:bedrock:us-east-1:111122223333:agent/AGENT12345/ALIAS12345',
    'arn:aws:bedrock:us-east-1:1111:agent/AGENT12345',
    'arn:aws:lambda:us-east-1:111122223333:agent/AGENT12345',
    'arn:aws:bedrock:us-east-1:111122223333:agent/AGENT',
    'AGENT12345',
  ])('rejects %s', arn => {
    expect(parseBedrockAgentArn(arn)).toBeUndefined();
  });
});

/** What an agent or agent alias ARN names. */
export interface BedrockAgentReference {
  partition: string;
  region: string;
  accountId: string;
  agentId: string;
  /** Only an alias ARN names the alias. */
  agentAliasId?: string;
}

const AGENT_ARN =
  /^arn:(aws[a-z-]*):bedrock:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):(agent|agent-alias)\/([0-9a-zA-Z]{10})(?:\/([0-9a-zA-Z]{10}))?$/;

/**
 * Parses `arn:aws:bedrock:<region>:<account>:agent-alias/<agentId>/<aliasId>`
 * or the agent ARN the Bedrock console shows
 * (`arn:aws:bedrock:<region>:<account>:agent/<agentId>`, the seed's
 * `BEDROCK_AGENT_ARN`); undefined when the text is neither.
 */
export function parseBedrockAgentArn(
  arn: string,
): BedrockAgentReference | undefined {
  const match = AGENT_ARN.exec(arn.trim());
  if (!match) return undefined;
  const [, partition, region, accountId, resource, agentId, agentAliasId] =
    match;
  if (resource === 'agent' && agentAliasId) return undefined;
  if (resource === 'agent-alias' && !agentAliasId) return undefined;
  return { partition, region, accountId, agentId, agentAliasId };
}

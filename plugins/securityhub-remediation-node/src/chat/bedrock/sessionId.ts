import { ChatAgentError } from '../RemediationAgent';

/** Bedrock's session id pattern. */
const SESSION_ID = /^[0-9a-zA-Z._:-]{2,100}$/;

/** The turn's session id, checked before it reaches a request path. */
export function bedrockSessionId(sessionId: string): string {
  if (!SESSION_ID.test(sessionId)) {
    throw new ChatAgentError(
      'The conversation id cannot be used as a Bedrock session id.',
      'bad-request',
      false,
    );
  }
  return sessionId;
}

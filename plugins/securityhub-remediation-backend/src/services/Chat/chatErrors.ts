import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ChatError } from '@internal/plugin-securityhub-remediation-common';
import { ChatAgentError } from '@internal/plugin-securityhub-remediation-node';

const MAX_ERROR_MESSAGE_CHARS = 500;

/** What an unexpected failure tells the user; the details go to the log only. */
export const INTERNAL_CHAT_ERROR_MESSAGE =
  'The assistant failed unexpectedly. Try again; if it keeps failing, ask the portal administrators to check the backend log.';

/** An agent event that does not match the chat's event schema. */
export const MALFORMED_EVENT_MESSAGE =
  'The assistant sent a reply the portal could not read. Try again.';

/**
 * ARNs can name other accounts' resources (an upstream error quoting a
 * role or a model in the portal's account): never shown to the user.
 */
function redactArns(text: string): string {
  return text.replace(/\barn:aws[a-z-]*:[^\s"'`,;)]*/g, '(an AWS resource)');
}

/**
 * The stream's `error` event for a failure of the agent: a
 * {@link ChatAgentError} keeps its code and message (written for people,
 * ARNs removed); anything else is `internal` with a generic message.
 */
export function chatErrorFor(
  error: unknown,
  logger: LoggerService,
  context: { conversationId: string; messageId: string },
): ChatError {
  if (error instanceof ChatAgentError) {
    logger.warn(`Chat answer failed (${error.code}): ${error.message}`, {
      ...context,
    });
    return {
      type: 'error',
      code: error.code,
      message: redactArns(error.message).slice(0, MAX_ERROR_MESSAGE_CHARS),
      retryable: error.retryable,
    };
  }
  logger.error(
    `Chat answer ${context.messageId} of conversation ${context.conversationId} failed unexpectedly`,
    error instanceof Error ? error : new Error(String(error)),
  );
  return {
    type: 'error',
    code: 'internal',
    message: INTERNAL_CHAT_ERROR_MESSAGE,
    retryable: false,
  };
}

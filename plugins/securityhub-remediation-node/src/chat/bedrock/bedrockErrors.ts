import { ChatAgentError } from '../RemediationAgent';

interface ErrorClass {
  code: ChatAgentError['code'];
  retryable: boolean;
  message: string;
}

/**
 * Bedrock agent runtime exceptions by name, as thrown by the SDK
 * (`ThrottlingException`) and as members of the response stream
 * (`throttlingException`). The portal shows the message; the AWS text (which
 * may name roles and accounts) stays in `cause` for the backend's log.
 */
const BEDROCK_ERRORS: Record<string, ErrorClass> = {
  throttlingexception: {
    code: 'throttled',
    retryable: true,
    message: 'Amazon Bedrock is throttling requests; try again in a moment.',
  },
  servicequotaexceededexception: {
    code: 'throttled',
    retryable: true,
    message:
      'The Amazon Bedrock service quota is exhausted for now; try again later.',
  },
  internalserverexception: {
    code: 'upstream',
    retryable: true,
    message: 'Amazon Bedrock had an internal error; try again.',
  },
  badgatewayexception: {
    code: 'upstream',
    retryable: true,
    message:
      'Amazon Bedrock could not reach a dependency (bad gateway); try again.',
  },
  dependencyfailedexception: {
    code: 'upstream',
    retryable: true,
    message: 'A resource the Bedrock agent depends on failed; try again.',
  },
  modelnotreadyexception: {
    code: 'upstream',
    retryable: true,
    message: 'The model is not ready yet; try again in a moment.',
  },
  conflictexception: {
    code: 'upstream',
    retryable: true,
    message:
      'The Bedrock agent is still busy with this conversation; try again when it has finished.',
  },
  validationexception: {
    code: 'upstream',
    retryable: false,
    message:
      'Amazon Bedrock rejected the request; check securityHubRemediation.chat.agent.',
  },
  accessdeniedexception: {
    code: 'upstream',
    retryable: false,
    message:
      'The portal may not invoke the Bedrock agent (access denied); see the IAM policy in the README.',
  },
  resourcenotfoundexception: {
    code: 'upstream',
    retryable: false,
    message:
      'The Bedrock agent, alias, model or knowledge base does not exist; check securityHubRemediation.chat.agent.',
  },
};

const TIMEOUT_NAMES = new Set([
  'timeouterror',
  'requesttimeout',
  'requesttimeoutexception',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
]);

/** The error class of a Bedrock exception name, if it is one. */
export function bedrockErrorFor(name: string): ChatAgentError | undefined {
  const known = BEDROCK_ERRORS[name.toLowerCase()];
  return known
    ? new ChatAgentError(known.message, known.code, known.retryable)
    : undefined;
}

function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  if (typeof error === 'object' && error !== null && 'name' in error) {
    return String((error as { name: unknown }).name);
  }
  return '';
}

/** Any failure of a Bedrock call or stream, as the port's error. */
export function toChatAgentError(error: unknown): ChatAgentError {
  if (error instanceof ChatAgentError) return error;
  const name = errorName(error);
  const known = BEDROCK_ERRORS[name.toLowerCase()];
  if (known) {
    return new ChatAgentError(
      `${known.message} (${name})`,
      known.code,
      known.retryable,
      { cause: error },
    );
  }
  if (TIMEOUT_NAMES.has(name.toLowerCase())) {
    return new ChatAgentError(
      'Amazon Bedrock did not answer in time; try again.',
      'timeout',
      true,
      { cause: error },
    );
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return new ChatAgentError(
      `The connection to Amazon Bedrock failed (${code}); try again.`,
      'upstream',
      true,
      { cause: error },
    );
  }
  if (name === 'CredentialsProviderError') {
    return new ChatAgentError(
      'No AWS credentials for Amazon Bedrock; check the aws integration config.',
      'upstream',
      false,
      { cause: error },
    );
  }
  return new ChatAgentError(
    `The Bedrock agent failed${name && name !== 'Error' ? ` (${name})` : ''}.`,
    'upstream',
    false,
    { cause: error },
  );
}

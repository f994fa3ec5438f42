import {
  BedrockAgentRuntimeClient,
  InvokeAgentCommand,
  type InvokeAgentCommandInput,
  type ResponseStream,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import {
  BedrockNamedAgent,
  type BedrockNamedAgentOptions,
} from '../BedrockNamedAgent';
import { CHAT_ACTION_GROUP_NAME } from '../chatActionGroup';

/** A mocked `completion`: the events, in order, as an async iterable. */
export async function* completion<T>(...events: T[]): AsyncIterable<T> {
  for (const event of events) yield event;
}

/** A `returnControl` event asking the backend to run one action of the portal's action group. */
export function returnControl(
  invocationId: string,
  fn: string,
  parameters: Record<string, string>,
): ResponseStream {
  return {
    returnControl: {
      invocationId,
      invocationInputs: [
        {
          functionInvocationInput: {
            actionGroup: CHAT_ACTION_GROUP_NAME,
            function: fn,
            actionInvocationType: 'RESULT',
            // Bedrock sends every function parameter as a string.
            parameters: Object.entries(parameters).map(([name, value]) => ({
              name,
              type: 'string',
              value,
            })),
          },
        },
      ],
    },
  };
}

/** The named agent under test, on a client the mock intercepts. */
export function namedAgent(
  options: Partial<BedrockNamedAgentOptions> = {},
): BedrockNamedAgent {
  return new BedrockNamedAgent({
    client: new BedrockAgentRuntimeClient({ region: 'us-east-1' }),
    agentId: 'AGENT12345',
    agentAliasId: 'ALIAS12345',
    ...options,
  });
}

/** The input of the `index`-th `InvokeAgent` call the mock received. */
export function invokeAgentInput(
  mock: AwsClientStub<BedrockAgentRuntimeClient>,
  index: number,
): InvokeAgentCommandInput {
  return mock.commandCalls(InvokeAgentCommand)[index].args[0].input;
}

/** The return-of-control results sent back with the `index`-th call. */
export function resultsSent(
  mock: AwsClientStub<BedrockAgentRuntimeClient>,
  index: number,
) {
  return (
    invokeAgentInput(mock, index).sessionState
      ?.returnControlInvocationResults ?? []
  );
}

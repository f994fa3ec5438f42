import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  Agent as HttpAgent,
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'http';
import type { AddressInfo } from 'net';

/**
 * A local stand-in for the Bedrock agent runtime, for tests and the chat
 * benchmark (moto has none): it answers `InvokeAgent` and
 * `InvokeInlineAgent` on their real paths with real
 * `application/vnd.amazon.eventstream` frames, encoded with the Smithy codec
 * the SDK decodes them with, following a script per request, and records
 * every request body.
 */

/** One step of a scripted response. */
export type FakeFrame =
  | {
      chunk: {
        text?: string;
        attribution?: Record<string, unknown>;
      };
    }
  | { trace: Record<string, unknown> }
  | {
      returnControl: {
        invocationId: string;
        invocationInputs: Array<Record<string, unknown>>;
      };
    }
  /** A modelled exception frame (`throttlingException`, `internalServerException`, …). */
  | { exception: string; message: string }
  /** An event frame with any type and body (malformed events). */
  | { raw: { eventType: string; body: string } }
  | { pauseMs: number }
  /** Keep the response open until the client goes away. */
  | { hold: true };

/** A scripted response: frames, or an HTTP error before any frame. */
export type FakeResponse =
  | FakeFrame[]
  | { status: number; errorType: string; message: string };

export interface FakeRequest {
  operation: 'InvokeAgent' | 'InvokeInlineAgent';
  path: string;
  sessionId: string;
  agentId?: string;
  agentAliasId?: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface FakeBedrockAgentRuntime {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly requests: FakeRequest[];
  /** Responses for the next requests, in order (a function reads the request). */
  script(
    ...responses: Array<FakeResponse | ((request: FakeRequest) => FakeResponse)>
  ): void;
  /** Called right after each frame is written (benchmark timing). */
  onFrameWritten?: (frame: FakeFrame, request: FakeRequest) => void;
  /** Resolves when a response was closed by the client before it ended. */
  clientClosed(): Promise<FakeRequest>;
  close(): Promise<void>;
}

type Message = Parameters<EventStreamCodec['encode']>[0];

const codec = new EventStreamCodec(
  bytes => Buffer.from(bytes).toString('utf8'),
  text => new Uint8Array(Buffer.from(text, 'utf8')),
);

function stringHeader(value: string) {
  return { type: 'string' as const, value };
}

/** The wire frame of one scripted event. */
export function encodeFakeFrame(frame: FakeFrame): Uint8Array | undefined {
  let message: Message;
  const json = (eventType: string, payload: unknown): Message => ({
    headers: {
      ':message-type': stringHeader('event'),
      ':event-type': stringHeader(eventType),
      ':content-type': stringHeader('application/json'),
    },
    body: new Uint8Array(Buffer.from(JSON.stringify(payload), 'utf8')),
  });
  if ('chunk' in frame) {
    message = json('chunk', {
      ...(frame.chunk.text !== undefined && {
        bytes: Buffer.from(frame.chunk.text, 'utf8').toString('base64'),
      }),
      ...(frame.chunk.attribution && { attribution: frame.chunk.attribution }),
    });
  } else if ('trace' in frame) {
    message = json('trace', frame.trace);
  } else if ('returnControl' in frame) {
    message = json('returnControl', frame.returnControl);
  } else if ('exception' in frame) {
    message = {
      headers: {
        ':message-type': stringHeader('exception'),
        ':exception-type': stringHeader(frame.exception),
        ':content-type': stringHeader('application/json'),
      },
      body: new Uint8Array(
        Buffer.from(JSON.stringify({ message: frame.message }), 'utf8'),
      ),
    };
  } else if ('raw' in frame) {
    message = {
      headers: {
        ':message-type': stringHeader('event'),
        ':event-type': stringHeader(frame.raw.eventType),
        ':content-type': stringHeader('application/json'),
      },
      body: new Uint8Array(Buffer.from(frame.raw.body, 'utf8')),
    };
  } else {
    return undefined;
  }
  return codec.encode(message);
}

const INVOKE_AGENT_PATH =
  /^\/agents\/([^/]+)\/agentAliases\/([^/]+)\/sessions\/([^/]+)\/text$/;
const INVOKE_INLINE_AGENT_PATH = /^\/agents\/([^/]+)$/;

function parseRequest(
  req: IncomingMessage,
  raw: string,
): FakeRequest | undefined {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const body = raw ? JSON.parse(raw) : {};
  const named = INVOKE_AGENT_PATH.exec(path);
  if (req.method === 'POST' && named) {
    return {
      operation: 'InvokeAgent',
      path,
      agentId: decodeURIComponent(named[1]),
      agentAliasId: decodeURIComponent(named[2]),
      sessionId: decodeURIComponent(named[3]),
      headers: req.headers,
      body,
    };
  }
  const inline = INVOKE_INLINE_AGENT_PATH.exec(path);
  if (req.method === 'POST' && inline) {
    return {
      operation: 'InvokeInlineAgent',
      path,
      sessionId: decodeURIComponent(inline[1]),
      headers: req.headers,
      body,
    };
  }
  return undefined;
}

function sendError(
  res: ServerResponse,
  status: number,
  errorType: string,
  message: string,
) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-errortype': errorType,
  });
  res.end(JSON.stringify({ message }));
}

/** Starts the fake on 127.0.0.1 and a random port. */
export async function startFakeBedrockAgentRuntime(): Promise<FakeBedrockAgentRuntime> {
  const queue: Array<FakeResponse | ((request: FakeRequest) => FakeResponse)> =
    [];
  const requests: FakeRequest[] = [];
  const closeWaiters: Array<(request: FakeRequest) => void> = [];
  const closedRequests: FakeRequest[] = [];
  const server = createServer();

  const fake: FakeBedrockAgentRuntime = {
    endpoint: '',
    requests,
    script: (...responses) => {
      queue.push(...responses);
    },
    clientClosed: () =>
      closedRequests.length
        ? Promise.resolve(closedRequests[0])
        : new Promise(resolve => closeWaiters.push(resolve)),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };

  const respond = async (
    req: IncomingMessage,
    res: ServerResponse,
    raw: string,
  ) => {
    let request: FakeRequest | undefined;
    try {
      request = parseRequest(req, raw);
    } catch {
      sendError(
        res,
        400,
        'ValidationException',
        'The request body is not JSON.',
      );
      return;
    }
    if (!request) {
      sendError(
        res,
        404,
        'ResourceNotFoundException',
        `No route for ${req.method} ${req.url}`,
      );
      return;
    }
    requests.push(request);
    const next = queue.shift();
    if (!next) {
      sendError(
        res,
        500,
        'InternalServerException',
        'The fake has no scripted response left.',
      );
      return;
    }
    const response = typeof next === 'function' ? next(request) : next;
    if (!Array.isArray(response)) {
      sendError(res, response.status, response.errorType, response.message);
      return;
    }
    let finished = false;
    res.on('close', () => {
      if (finished) return;
      closedRequests.push(request!);
      closeWaiters.splice(0).forEach(resolve => resolve(request!));
    });
    res.writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-bedrock-agent-content-type': 'application/json',
      'x-amz-bedrock-agent-session-id': request.sessionId,
    });
    for (const frame of response) {
      if (res.destroyed) return;
      if ('pauseMs' in frame) {
        await new Promise(resolve => setTimeout(resolve, frame.pauseMs));
        continue;
      }
      if ('hold' in frame) return; // ends when the client closes the connection
      res.write(encodeFakeFrame(frame));
      fake.onFrameWritten?.(frame, request);
    }
    finished = true;
    res.end();
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const parts: Buffer[] = [];
    req.on('data', part => parts.push(part));
    req.on('end', () => {
      respond(req, res, Buffer.concat(parts).toString('utf8')).catch(error => {
        res.destroy(error);
      });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (fake as { endpoint: string }).endpoint = `http://127.0.0.1:${port}`;
  return fake;
}

/** The real SDK client over HTTP/1.1 (NodeHttpHandler), pointed at the fake. */
export function fakeBedrockClient(
  fake: Pick<FakeBedrockAgentRuntime, 'endpoint'>,
  options: { maxSockets?: number } = {},
): BedrockAgentRuntimeClient {
  return new BedrockAgentRuntimeClient({
    endpoint: fake.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' },
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent({
        keepAlive: true,
        maxSockets: options.maxSockets ?? 50,
      }),
    }),
    maxAttempts: 1,
  });
}

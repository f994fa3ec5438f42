import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CustomErrorBase,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { ConditionTransformer } from '@backstage/plugin-permission-node';
import {
  MAX_CHAT_MESSAGE_CHARS,
  SSE_HEARTBEAT,
  chatMessageRequestSchema,
  conversationIdSchema,
  createConversationRequestSchema,
  encodeSseEvent,
  renameConversationRequestSchema,
  securityHubChatUsePermission,
} from '@internal/plugin-securityhub-remediation-common';
import type { FindingScopeQuery } from '../services/FindingsStore';
import type { ChatCaller, ChatService } from '../services/Chat';
import { findingReadScope } from './findingReadScope';
import { parseInput } from './parseInput';

/**
 * Largest JSON body: a message of {@link MAX_CHAT_MESSAGE_CHARS} characters
 * even when every one is escaped as `\uXXXX` (6 bytes), plus room for the
 * other fields. Beyond it the body is refused before it is parsed.
 */
export const CHAT_BODY_LIMIT_BYTES = MAX_CHAT_MESSAGE_CHARS * 6 + 4096;

/** How often an idle stream sends a comment, so proxies keep it open. */
export const SSE_HEARTBEAT_MS = 15_000;

export interface ChatRouterOptions {
  chat: ChatService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  transformConditions: ConditionTransformer<FindingScopeQuery>;
  /** Records conversation deletions, when the backend has an auditor. */
  auditor?: AuditorService;
  heartbeatMs?: number;
}

/** `GET /conversations` takes no query parameters. */
const emptyQuerySchema = z.object({}).strict();

/** 413: the request body is over {@link CHAT_BODY_LIMIT_BYTES}. */
class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  readonly statusCode = 413;
}

/** JSON bodies up to the chat's limit, with errors a person can act on. */
function chatJsonBody(): express.RequestHandler {
  const parseJson = express.json({ limit: CHAT_BODY_LIMIT_BYTES });
  return (req, res, next) =>
    parseJson(req, res, (error?: any) => {
      if (error?.type === 'entity.too.large') {
        next(
          new PayloadTooLargeError(
            `The request is too large: a chat message may have at most ${MAX_CHAT_MESSAGE_CHARS} characters`,
          ),
        );
      } else if (error?.type === 'entity.parse.failed') {
        next(new InputError('The request body is not valid JSON'));
      } else {
        next(error);
      }
    });
}

/**
 * The remediation chat under `/v1/chat`: conversations of the calling user
 * and the streamed answer to a message (server-sent events). Every check —
 * sign-in, permission, input, ownership, the finding in context — happens
 * before a stream starts and answers with a JSON error; once streaming,
 * failures are `error` events.
 */
export function createChatRouter(options: ChatRouterOptions): express.Router {
  const { chat, httpAuth, permissions, transformConditions, auditor } = options;
  const heartbeatMs = options.heartbeatMs ?? SSE_HEARTBEAT_MS;
  const router = Router();
  router.use(chatJsonBody());

  /** The signed-in user, allowed to chat, with their findings read scope. */
  async function callerOf(req: express.Request): Promise<ChatCaller> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: securityHubChatUsePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to use the remediation chat (permission ${securityHubChatUsePermission.name})`,
      );
    }
    return {
      owner: credentials.principal.userEntityRef,
      readScope: await findingReadScope(
        permissions,
        transformConditions,
        credentials,
      ),
    };
  }

  function idOf(req: express.Request): string {
    const result = conversationIdSchema.safeParse(req.params.id);
    if (!result.success) {
      throw new InputError(
        `Invalid conversation id: ${result.error.issues[0].message}`,
      );
    }
    return result.data;
  }

  router.get('/conversations', async (req, res) => {
    parseInput(emptyQuerySchema, req.query, 'query');
    const caller = await callerOf(req);
    res.json({ items: await chat.listConversations(caller) });
  });

  router.post('/conversations', async (req, res) => {
    const caller = await callerOf(req);
    const body = parseInput(
      createConversationRequestSchema,
      req.body ?? {},
      'conversation',
    );
    res.status(201).json(await chat.createConversation(caller, body));
  });

  router.get('/conversations/:id', async (req, res) => {
    const caller = await callerOf(req);
    res.json(await chat.getConversation(caller, idOf(req)));
  });

  router.patch('/conversations/:id', async (req, res) => {
    const caller = await callerOf(req);
    const id = idOf(req);
    const body = parseInput(
      renameConversationRequestSchema,
      req.body,
      'conversation',
    );
    res.json(await chat.renameConversation(caller, id, body.title));
  });

  router.delete('/conversations/:id', async (req, res) => {
    const caller = await callerOf(req);
    const id = idOf(req);
    const audit = await auditor?.createEvent({
      eventId: 'chat-conversation-delete',
      severityLevel: 'medium',
      request: req,
      meta: { conversationId: id },
    });
    try {
      await chat.deleteConversation(caller, id);
    } catch (error) {
      await audit?.fail({ error: error as Error });
      throw error;
    }
    await audit?.success();
    res.status(204).end();
  });

  router.post('/conversations/:id/messages', async (req, res) => {
    const caller = await callerOf(req);
    const id = idOf(req);
    const body = parseInput(chatMessageRequestSchema, req.body, 'message');
    const turn = await chat.prepareTurn(caller, id, body);

    // From here on the answer is a stream: failures are `error` events.
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    const write = (text: string) => {
      if (res.destroyed || res.writableEnded) return;
      res.write(text);
      // The backend compresses responses: without a flush nothing arrives
      // until the stream ends.
      const flushable = res as unknown as { flush?: () => void };
      if (typeof flushable.flush === 'function') flushable.flush();
    };
    const heartbeat = setInterval(() => write(SSE_HEARTBEAT), heartbeatMs);
    try {
      // Consumed to the end even after a disconnect: the service stores the
      // stopped answer when the agent has returned.
      for await (const event of turn.stream(controller.signal)) {
        write(encodeSseEvent(event));
      }
    } finally {
      clearInterval(heartbeat);
      if (!res.writableEnded) res.end();
    }
  });

  return router;
}

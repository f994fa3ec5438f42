import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  ChatRequestError,
  titleFromMessage,
  type ConversationSummary,
} from '@internal/plugin-securityhub-remediation-common';
import { securityHubChatApiRef } from '../../api';
import {
  applyChatEvent,
  lastUserText,
  streamingTurn,
  turnsOfMessages,
  type AssistantTurn,
  type ChatTurn,
} from './chatTranscript';

/** The conversation on screen; absent until the first message creates it. */
export interface ActiveConversation {
  id: string;
  title: string;
  findingId: string | null;
}

export interface ChatSession {
  conversations?: ConversationSummary[];
  listError?: Error;
  active?: ActiveConversation;
  turns: ChatTurn[];
  /** Loading a past conversation. */
  loading: boolean;
  loadError?: Error;
  streaming: boolean;
  /** The finding new messages are about (the conversation's, or the panel's). */
  findingId?: string;
  /** Which agent answered last. */
  agent?: string;
  send(text: string): Promise<void>;
  stop(): void;
  retry(): Promise<void>;
  select(id: string): Promise<void>;
  startNew(): void;
  rename(id: string, title: string): Promise<void>;
  remove(id: string): Promise<void>;
}

let localIds = 0;
const localId = (prefix: string) => `${prefix}-${++localIds}`;

/**
 * State of the chat panel: the user's conversations, the one on screen and
 * the answer streaming into it. New conversations are created on the first
 * message, so opening the panel leaves nothing behind.
 */
export function useChatSession(options: { findingId?: string }): ChatSession {
  const api = useApi(securityHubChatApiRef);
  const [conversations, setConversations] = useState<ConversationSummary[]>();
  const [listError, setListError] = useState<Error>();
  const [active, setActive] = useState<ActiveConversation>();
  const [turns, setTurns] = useState<ChatTurn[]>([]);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<Error>();
  const [streaming, setStreaming] = useState(false);
  // Read inside async callbacks, where state would be stale.
  const activeRef = useRef<ActiveConversation>();
  const abortRef = useRef<AbortController>();
  const loadToken = useRef(0);

  const activate = useCallback((conversation?: ActiveConversation) => {
    activeRef.current = conversation;
    setActive(conversation);
  }, []);

  const refreshList = useCallback(async () => {
    try {
      setConversations(await api.listConversations());
      setListError(undefined);
    } catch (error) {
      setListError(asError(error));
    }
  }, [api]);

  useEffect(() => {
    refreshList();
  }, [refreshList]);
  // Closing the panel stops the answer (and the agent behind it).
  useEffect(() => () => abortRef.current?.abort(), []);

  const updateAnswer = (
    id: string,
    update: (t: AssistantTurn) => AssistantTurn,
  ) =>
    setTurns(previous =>
      previous.map(turn =>
        turn.id === id && turn.role === 'assistant' ? update(turn) : turn,
      ),
    );

  const stop = useCallback(() => abortRef.current?.abort(), []);

  const send = async (text: string) => {
    if (abortRef.current || !text.trim()) return;
    const controller = new AbortController();
    abortRef.current = controller;
    const answerId = localId('answer');
    setTurns(previous => [
      ...previous,
      { role: 'user', id: localId('question'), text },
      streamingTurn(answerId),
    ]);
    setStreaming(true);
    try {
      let conversation = activeRef.current;
      if (!conversation) {
        const created = await api.createConversation({
          title: titleFromMessage(text),
          ...(options.findingId ? { findingId: options.findingId } : {}),
        });
        conversation = {
          id: created.id,
          title: created.title,
          findingId: created.findingId,
        };
        activate(conversation);
        controller.signal.throwIfAborted();
      }
      await api.sendMessage(
        conversation.id,
        { message: text },
        {
          signal: controller.signal,
          onEvent: event =>
            updateAnswer(answerId, t => applyChatEvent(t, event)),
        },
      );
    } catch (error) {
      if (controller.signal.aborted) {
        updateAnswer(answerId, t =>
          t.status === 'streaming' ? { ...t, status: 'stopped' } : t,
        );
      } else {
        updateAnswer(answerId, t => ({
          ...t,
          status: 'error',
          error: failureOf(error),
        }));
      }
    } finally {
      if (abortRef.current === controller) {
        abortRef.current = undefined;
        setStreaming(false);
      }
      refreshList();
    }
  };

  const retry = async () => {
    const text = lastUserText(turns);
    if (text) await send(text);
  };

  const select = async (id: string) => {
    stop();
    const token = ++loadToken.current;
    const summary = conversations?.find(c => c.id === id);
    activate(
      summary && { id, title: summary.title, findingId: summary.findingId },
    );
    setTurns([]);
    setLoadError(undefined);
    setLoading(true);
    try {
      const conversation = await api.getConversation(id);
      if (token !== loadToken.current) return;
      activate({
        id: conversation.id,
        title: conversation.title,
        findingId: conversation.findingId,
      });
      setTurns(turnsOfMessages(conversation.messages));
    } catch (error) {
      if (token === loadToken.current) setLoadError(asError(error));
    } finally {
      if (token === loadToken.current) setLoading(false);
    }
  };

  const startNew = () => {
    stop();
    loadToken.current++;
    activate(undefined);
    setTurns([]);
    setLoadError(undefined);
    setLoading(false);
  };

  const rename = async (id: string, title: string) => {
    await api.renameConversation(id, title);
    setConversations(previous =>
      previous?.map(c => (c.id === id ? { ...c, title } : c)),
    );
    if (activeRef.current?.id === id) activate({ ...activeRef.current, title });
  };

  const remove = async (id: string) => {
    await api.deleteConversation(id);
    setConversations(previous => previous?.filter(c => c.id !== id));
    if (activeRef.current?.id === id) startNew();
  };

  const agent = [...turns]
    .reverse()
    .find(
      (t): t is AssistantTurn => t.role === 'assistant' && !!t.agent,
    )?.agent;

  return {
    conversations,
    listError,
    active,
    turns,
    loading,
    loadError,
    streaming,
    findingId: active ? active.findingId ?? undefined : options.findingId,
    agent,
    send,
    stop,
    retry,
    select,
    startNew,
    rename,
    remove,
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function failureOf(error: unknown): { message: string; retryable: boolean } {
  if (error instanceof ChatRequestError) {
    return { message: error.message, retryable: error.retryable };
  }
  // Anything else is the network or the browser: worth another try.
  return {
    message: `The request failed: ${asError(error).message}`,
    retryable: true,
  };
}

export type {
  ConversationStore,
  HistoryMessage,
  NewChatMessage,
} from './ConversationStore';
export { DEFAULT_CONVERSATION_TITLE } from './ConversationStore';
export {
  KnexConversationStore,
  MAX_CONVERSATIONS_LISTED,
} from './KnexConversationStore';
export { ChatService } from './ChatService';
export type {
  ChatCaller,
  ChatServiceOptions,
  PreparedChatTurn,
} from './ChatService';
export {
  INTERNAL_CHAT_ERROR_MESSAGE,
  MALFORMED_EVENT_MESSAGE,
} from './chatErrors';

export * from './events';
export * from './conversations';
export * from './sse';
export * from './tools';
export * from './titleFromMessage';
export * from './ChatClient';

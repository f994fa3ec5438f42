export * from './schema';
export * from './normalize';
export * from './limits';
export * from './timestamps';

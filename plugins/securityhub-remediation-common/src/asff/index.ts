export * from './schema';
export * from './normalize';

export * from './states';
export * from './types';
export * from './schemas';
export * from './RemediationsClient';

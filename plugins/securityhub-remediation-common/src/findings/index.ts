export * from './constants';
export * from './types';
export * from './query';
export * from './findingPath';

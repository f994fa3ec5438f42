export * from './constants';
export * from './types';
export * from './query';
export * from './exportQuery';
export * from './findingPath';
export * from './trends';
export * from './triage';

export * from './FindingsSource';

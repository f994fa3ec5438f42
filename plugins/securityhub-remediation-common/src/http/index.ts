export * from './backendRequest';

export * from './FindingsSource';
export * from './securityhub';
export * from './asff';
export * from './triage';
export * from './ocsf';
export * from './storeRows';

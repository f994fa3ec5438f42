export * from './FindingsSource';
export * from './securityhub';
export * from './asff';

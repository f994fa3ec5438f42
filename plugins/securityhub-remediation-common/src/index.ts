/**
 * Types, schemas, permissions and annotations shared by the Security Hub
 * remediation plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './asff';
export * from './catalog';
export * from './demo';
export * from './findings';
export * from './permissions';
export * from './fixtures';
export * from './chat';
export * from './http';
export * from './remediations';

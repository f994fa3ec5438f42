/**
 * Ports and adapters shared by the Security Hub remediation backend plugin
 * and its scaffolder module.
 *
 * @packageDocumentation
 */
export * from './findings';
export * from './remediation';
export * from './chat';
export * from './delivery';

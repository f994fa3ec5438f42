export * from './RemediationAgent';

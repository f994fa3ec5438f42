export * from './RemediationAgent';
export * from './untrusted';

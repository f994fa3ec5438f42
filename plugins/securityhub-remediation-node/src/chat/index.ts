export * from './RemediationAgent';
export * from './untrusted';
export * from './toolbox/createChatToolbox';
export * from './local/LocalRemediationAgent';
export * from './toolbox/chatToolSchemas';
export * from './bedrock';
export * from './agentFromConfig';
export * from './chatLimits';

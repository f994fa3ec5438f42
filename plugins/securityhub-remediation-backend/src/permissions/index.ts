export * from './rules';
export * from './ApproverPermissionPolicy';
export * from './approverPolicyModule';

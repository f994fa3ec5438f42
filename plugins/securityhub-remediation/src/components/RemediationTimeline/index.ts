export { RemediationTimeline } from './RemediationTimeline';
export { REMEDIATION_POLL_MS } from './useLiveRemediation';
export { LOCAL_MODE_BANNER } from './RemediationHeader';

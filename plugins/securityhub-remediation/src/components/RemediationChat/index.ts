export { RemediationChat, type RemediationChatProps } from './RemediationChat';
export {
  RemediationChatDrawer,
  type RemediationChatDrawerProps,
} from './RemediationChatDrawer';
export { remediateHref } from './RemediateButton';

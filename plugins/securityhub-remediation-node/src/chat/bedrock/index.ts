export {
  BedrockNamedAgent,
  type BedrockNamedAgentOptions,
} from './BedrockNamedAgent';
export {
  BedrockInlineAgent,
  type BedrockInlineAgentOptions,
} from './BedrockInlineAgent';
export { parseBedrockAgentArn, type BedrockAgentReference } from './agentArn';
export {
  CHAT_ACTION_GROUP_NAME,
  chatActionGroup,
  chatActionGroupFunctions,
} from './chatActionGroup';
export {
  readAgentInstruction,
  defaultAgentInstructionPath,
} from './agentInstruction';
export { actionGroupFileText, ACTION_GROUP_FILE } from './agentFiles';

import type { FindingDetail } from '@internal/plugin-securityhub-remediation-common';
import type { AgentTurn } from '../RemediationAgent';
import { untrusted } from '../untrusted';

/** Bedrock's `inputText` limit is 25,000 characters; the finding's description gets what is left. */
const MAX_INPUT_CHARS = 24_000;
const MAX_DESCRIPTION_CHARS = 4000;
const CONTROL_ID = /^[A-Za-z][A-Za-z0-9]{0,39}\.\d{1,3}$/;

function findingBlock(finding: FindingDetail): string {
  const description =
    finding.description.length > MAX_DESCRIPTION_CHARS
      ? `${finding.description.slice(0, MAX_DESCRIPTION_CHARS)}…`
      : finding.description;
  const lines = [
    `Id: ${finding.id}`,
    `Control: ${finding.controlId ?? 'none'}`,
    `Title: ${finding.title}`,
    `Severity: ${finding.severity}`,
    `Compliance: ${finding.complianceStatus ?? 'unknown'}`,
    `Account: ${finding.awsAccountId}`,
    `Region: ${finding.region}`,
    `Resource: ${finding.resourceType ?? 'unknown'} ${
      finding.resourceId ?? ''
    }`.trim(),
    `Description: ${description}`,
  ];
  return untrusted('finding', lines.join('\n'));
}

/**
 * The text a turn starts with: the user's message and, when the conversation
 * is about a finding, its id and key fields — each quoted as untrusted data
 * (the agent instruction says what that means), so neither can pose as the
 * portal's own words.
 */
export function turnInputText(
  turn: Pick<AgentTurn, 'message' | 'finding'>,
): string {
  const parts: string[] = [];
  if (turn.finding) {
    parts.push(
      'The engineer is looking at this Security Hub finding (read_finding with its Id returns every field):',
      findingBlock(turn.finding),
    );
  }
  parts.push("The engineer's message:");
  const prefix = parts.join('\n\n');
  const room = Math.max(0, MAX_INPUT_CHARS - prefix.length - 200);
  const message =
    turn.message.length > room
      ? `${turn.message.slice(0, room)}…`
      : turn.message;
  return `${prefix}\n\n${untrusted('user-message', message)}`;
}

/**
 * Prompt session attributes: non-secret facts the prompt template may use
 * (never credentials, never free text from a finding).
 */
export function promptSessionAttributes(
  turn: Pick<AgentTurn, 'finding'>,
): Record<string, string> {
  const attributes: Record<string, string> = {
    currentDate: new Date().toISOString().slice(0, 10),
  };
  const controlId = turn.finding?.controlId;
  if (controlId && CONTROL_ID.test(controlId)) {
    attributes.findingControlId = controlId;
  }
  return attributes;
}

import { ConfigReader } from '@backstage/config';
import type {
  AgentEvent,
  FindingDetail,
} from '@internal/plugin-securityhub-remediation-common';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { createRemediationEngine } from '../../../remediation/engine/RemediationEngine';
import type { AgentTurn, RemediationAgent } from '../../RemediationAgent';
import { createChatToolbox } from '../../toolbox/createChatToolbox';
import {
  demoFindingOf,
  readFindingFrom,
} from '../../toolbox/__testUtils__/findingDetails';

/** A model-written template the validator rejects (unknown API `PutBucketEncryptionn`). */
export const BROKEN_TEMPLATE = readFileSync(
  resolve(
    __dirname,
    '../../../remediation/validation/__fixtures__/broken/unknown-api.yaml',
  ),
  'utf8',
);
/** The same template, repaired. */
export const VALID_TEMPLATE = readFileSync(
  resolve(
    __dirname,
    '../../../remediation/validation/__fixtures__/valid/s3-bucket-encryption-template.yaml',
  ),
  'utf8',
);

/** A turn with the real toolbox on the real (local) engine. */
export async function agentTurn(
  overrides: Partial<AgentTurn> & { findings?: FindingDetail[] } = {},
): Promise<AgentTurn & { abort: AbortController }> {
  const engine = await createRemediationEngine(new ConfigReader({}));
  const findings = overrides.findings ?? [demoFindingOf('RDS.1')];
  const abort = new AbortController();
  return {
    conversationId: 'conversation-1',
    sessionId: 'session-0123456789',
    message:
      'Generate an automation for remediating the finding, database migration service replication instances should not be public',
    history: [],
    toolbox: createChatToolbox({
      engine,
      readFinding: readFindingFrom(findings),
    }),
    signal: abort.signal,
    abort,
    ...overrides,
  };
}

/** Every event of an answer, and the error that ended it, if any. */
export async function collect(
  agent: RemediationAgent,
  turn: AgentTurn,
): Promise<{ events: AgentEvent[]; error?: unknown }> {
  const events: AgentEvent[] = [];
  try {
    for await (const event of agent.respond(turn)) events.push(event);
    return { events };
  } catch (error) {
    return { events, error };
  }
}

/** Bytes of a text chunk, as Bedrock sends them. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

import type { Config } from '@backstage/config';
import { z } from 'zod';

/** Config key of the remediation chat. */
export const CHAT_CONFIG_KEY = 'securityHubRemediation.chat';

const limitsSchema = z.object({
  maxRepairRounds: z.number().int().min(1).max(10).default(3),
  maxToolCalls: z.number().int().min(1).max(50).default(12),
  answerTimeoutSeconds: z.number().int().min(10).max(3600).default(300),
});

/** How much work one answer may do. */
export interface ChatLimits {
  /** Validation rounds of a model-written template. */
  maxRepairRounds: number;
  /** Actions per answer. */
  maxToolCalls: number;
  /** Longest an answer may stream before it is stopped with a timeout error. */
  answerTimeoutSeconds: number;
}

/** A config error naming every offending key in full. */
export function invalidConfig(key: string, error: z.ZodError): Error {
  const problems = error.issues
    .map(
      issue =>
        `${[key, ...issue.path.map(String)].join('.')}: ${issue.message}`,
    )
    .join('; ');
  return new Error(`Invalid ${key}: ${problems}`);
}

/** `securityHubRemediation.chat.maxRepairRounds`, `.maxToolCalls` and `.answerTimeoutSeconds`, validated, with defaults. */
export function readChatLimits(config: Config): ChatLimits {
  const parsed = limitsSchema.safeParse({
    maxRepairRounds: config.getOptional(`${CHAT_CONFIG_KEY}.maxRepairRounds`),
    maxToolCalls: config.getOptional(`${CHAT_CONFIG_KEY}.maxToolCalls`),
    answerTimeoutSeconds: config.getOptional(
      `${CHAT_CONFIG_KEY}.answerTimeoutSeconds`,
    ),
  });
  if (!parsed.success) throw invalidConfig(CHAT_CONFIG_KEY, parsed.error);
  return parsed.data;
}

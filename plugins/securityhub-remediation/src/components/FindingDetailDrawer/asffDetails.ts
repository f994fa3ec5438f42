import type { AsffFinding } from '@internal/plugin-securityhub-remediation-common';

/** One entry of ASFF `Compliance.StatusReasons`. */
export interface StatusReason {
  reasonCode: string;
  description?: string;
}

/**
 * `Compliance.StatusReasons` of a raw finding. The common schema passes it
 * through untyped, so read it defensively.
 */
export function statusReasonsOf(raw: AsffFinding | undefined): StatusReason[] {
  const reasons = (raw?.Compliance as { StatusReasons?: unknown } | undefined)
    ?.StatusReasons;
  if (!Array.isArray(reasons)) return [];
  return reasons.flatMap(reason => {
    if (!reason || typeof reason !== 'object') return [];
    const { ReasonCode, Description } = reason as Record<string, unknown>;
    if (typeof ReasonCode !== 'string') return [];
    return [
      {
        reasonCode: ReasonCode,
        description: typeof Description === 'string' ? Description : undefined,
      },
    ];
  });
}

/** Only http(s) links are rendered, so a crafted finding cannot inject `javascript:`. */
export function safeExternalUrl(url: string | null): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:'
      ? parsed.toString()
      : undefined;
  } catch {
    return undefined;
  }
}

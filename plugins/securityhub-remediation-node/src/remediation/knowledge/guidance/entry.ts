import type { RemediationGuidance } from '../types';

/** A control id with its guidance. */
export interface GuidanceEntry extends RemediationGuidance {
  controlId: string;
}

/** Builds a guidance entry: summary first, then the steps in order. */
export const entry = (
  controlId: string,
  summary: string,
  ...steps: string[]
): GuidanceEntry => ({ controlId, summary, steps });

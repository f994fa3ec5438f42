/**
 * The curated library: the project's own remediation automations, one per
 * Security Hub control, for configuration changes that are safe to apply to
 * the single resource (or account setting) a finding names. Each one is the
 * `curated` entry of its control in the service's data file
 * (knowledge/services/<service>.yaml), its scripts `.py` files beside it.
 */
import { entriesWith, lazyList } from '../knowledge/serviceKnowledge';
import type { CuratedAutomation } from './types';

export type {
  AutomationStep,
  CuratedAutomation,
  CuratedParameter,
  CuratedPermission,
  ParameterFill,
} from './types';

export const CURATED_AUTOMATIONS: readonly CuratedAutomation[] = lazyList(() =>
  entriesWith('curated').map(entry => entry.curated),
);

let byControl: ReadonlyMap<string, CuratedAutomation> | undefined;

/** The curated automation of a control (e.g. `S3.5`), if there is one. */
export function curatedAutomationFor(
  controlId: string,
): CuratedAutomation | undefined {
  byControl ??= new Map(
    CURATED_AUTOMATIONS.map(automation => [automation.controlId, automation]),
  );
  return byControl.get(controlId);
}

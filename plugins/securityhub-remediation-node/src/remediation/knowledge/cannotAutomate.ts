import { entriesWith, lazyList } from './serviceKnowledge';
import type { CannotAutomate } from './types';

/**
 * Controls whose fix cannot be safely automated, with the reason and manual
 * steps (`cannotAutomate` in the service files). Sources are the Security
 * Hub control reference pages.
 *
 * @public
 */
export const CANNOT_AUTOMATE: readonly CannotAutomate[] = lazyList(() =>
  entriesWith('cannotAutomate').map(entry => entry.cannotAutomate),
);

let byControl: ReadonlyMap<string, CannotAutomate> | undefined;

/** Why a control cannot be automated, ignoring case. @public */
export function cannotAutomateFor(
  controlId: string,
): CannotAutomate | undefined {
  byControl ??= new Map(
    CANNOT_AUTOMATE.map(entry => [entry.controlId.toLowerCase(), entry]),
  );
  return byControl.get(controlId.trim().toLowerCase());
}

import { entriesWith, lazyList } from './serviceKnowledge';
import { taggingGuidance } from './taggingGuidance';
import type { RemediationGuidance } from './types';

interface GuidanceIndex {
  controlIds: readonly string[];
  byControl: ReadonlyMap<string, RemediationGuidance>;
}

let index: GuidanceIndex | undefined;

/** Written guidance (the service files) first; the tagging text only where none is written. */
function guidanceIndex(): GuidanceIndex {
  if (!index) {
    const written = entriesWith('guidance').map(entry => ({
      controlId: entry.controlId,
      guidance: entry.guidance,
    }));
    const writtenIds = new Set(written.map(entry => entry.controlId));
    const tagging = taggingGuidance()
      .filter(entry => !writtenIds.has(entry.controlId))
      .map(({ controlId, summary, steps }) => ({
        controlId,
        guidance: { summary, steps },
      }));
    const all = [...written, ...tagging];
    index = {
      controlIds: all.map(entry => entry.controlId),
      byControl: new Map(
        all.map(entry => [entry.controlId.toLowerCase(), entry.guidance]),
      ),
    };
  }
  return index;
}

/** Control ids that have project guidance. @public */
export const GUIDANCE_CONTROL_IDS: readonly string[] = lazyList(
  () => guidanceIndex().controlIds,
);

/** The project's remediation guidance for a control, ignoring case. @public */
export function remediationGuidance(
  controlId: string,
): RemediationGuidance | undefined {
  return guidanceIndex().byControl.get(controlId.trim().toLowerCase());
}

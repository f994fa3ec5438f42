import { serviceKnowledge } from './serviceKnowledge';

/**
 * How each control's problem shows up, in the words people use: what they
 * observe, what they ask for, and the requirement with the values that tell
 * it apart from its siblings (ports, days, account vs resource level…).
 * Kept as `symptoms` in the service files; indexed by the local retriever
 * next to the guidance; never shown as advice.
 */
export function controlSymptoms(controlId: string): readonly string[] {
  return serviceKnowledge().controls.get(controlId)?.symptoms ?? [];
}

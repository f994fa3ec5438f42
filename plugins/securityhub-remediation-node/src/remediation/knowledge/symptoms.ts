import symptomsJson from './symptomPhrases.json';

/**
 * How each control's problem shows up, in the words people use: what they
 * observe, what they ask for, and the requirement with the values that tell
 * it apart from its siblings (ports, days, account vs resource level…).
 * Indexed by the local retriever next to the guidance; never shown as advice.
 */
const SYMPTOMS = symptomsJson as Record<string, readonly string[]>;

/** Symptom phrases of a control; empty for controls without any (tagging). */
export function controlSymptoms(controlId: string): readonly string[] {
  return SYMPTOMS[controlId] ?? [];
}

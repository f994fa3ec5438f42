import { listControls } from '@internal/plugin-securityhub-remediation-common';
import { entriesWith } from './serviceKnowledge';
import { controlSymptoms } from './symptoms';

const TAGGING = / should be tagged$/i;

describe('controlSymptoms', () => {
  const active = listControls().filter(c => c.status === 'active');

  it('describes every active control outside the tagging standard three ways', () => {
    const missing = active
      .filter(c => !TAGGING.test(c.title))
      .filter(c => controlSymptoms(c.id).length !== 3)
      .map(c => c.id);
    expect(missing).toEqual([]);
  });

  it('names only catalog controls and never gives the answer away', () => {
    const ids = new Set(listControls().map(c => c.id));
    for (const { controlId: id, symptoms } of entriesWith('symptoms')) {
      expect(ids.has(id)).toBe(true);
      for (const phrase of symptoms) {
        expect(phrase.toLowerCase()).not.toContain(id.toLowerCase());
        expect(phrase.split(/\s+/).length).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it('answers an empty list for a control without symptoms', () => {
    expect(controlSymptoms('NoSuch.1')).toEqual([]);
  });
});

import { SEVERITY_LABELS } from '@internal/plugin-securityhub-remediation-common';
import { SEVERITY_PALETTE, SEVERITY_TEXT_ON_PAPER } from './severityPalette';

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map(i => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('severity colours', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it.each(SEVERITY_LABELS)('%s chips keep AA contrast', severity => {
    const { background, text } = SEVERITY_PALETTE[severity];
    expect(contrast(background, text)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(SEVERITY_LABELS)(
    '%s text keeps AA contrast on the paper of both themes',
    severity => {
      expect(
        contrast(SEVERITY_TEXT_ON_PAPER.light[severity], '#ffffff'),
      ).toBeGreaterThanOrEqual(4.5);
      for (const paper of ['#424242', '#333333']) {
        expect(
          contrast(SEVERITY_TEXT_ON_PAPER.dark[severity], paper),
        ).toBeGreaterThanOrEqual(4.5);
      }
    },
  );
});

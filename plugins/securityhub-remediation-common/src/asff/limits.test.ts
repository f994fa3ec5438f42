import { asffFindingFixture } from '../fixtures/asffFindingFixture';
import {
  ASFF_FINDING_MAX_CHARACTERS,
  ASFF_FINDING_MAX_DEPTH,
  checkAsffFindingBounds,
} from './limits';
import { validateAsffFinding } from './schema';

/** `{ "a": { "a": ... } }` with `levels` objects, built without recursion. */
function nested(levels: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 1; i < levels; i++) {
    const child: Record<string, unknown> = {};
    node.a = child;
    node = child;
  }
  return root;
}

describe('checkAsffFindingBounds', () => {
  it('accepts a real finding and one at exactly the depth limit', () => {
    expect(checkAsffFindingBounds(asffFindingFixture())).toBeUndefined();
    // The finding is level 1, Note level 2, so Note may hold 31 levels.
    const deepest = { ...asffFindingFixture(), Note: nested(31) };
    expect(checkAsffFindingBounds(deepest)).toBeUndefined();
  });

  it('refuses one level more, naming the first steps of the path', () => {
    const tooDeep = { ...asffFindingFixture(), Note: nested(32) };
    expect(checkAsffFindingBounds(tooDeep)).toEqual({
      path: ['Note', 'a', 'a', 'a', 'a', 'a', '…'],
      message: `nested deeper than ${ASFF_FINDING_MAX_DEPTH} levels, the most a finding may have`,
    });
  });

  it('checks a finding nested 200,000 levels deep without overflowing the stack', () => {
    const finding = { ...asffFindingFixture(), Note: nested(200_000) };
    expect(() => JSON.stringify(finding)).toThrow(RangeError);
    const result = validateAsffFinding(finding);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/nested deeper than 32/);
  });

  it('refuses a finding larger than 1 MiB and accepts one just below', () => {
    const base = JSON.stringify(asffFindingFixture()).length;
    const padding = (length: number) => ({
      ...asffFindingFixture(),
      Note: { Text: 'x'.repeat(length) },
    });
    expect(
      checkAsffFindingBounds(padding(ASFF_FINDING_MAX_CHARACTERS - base - 100)),
    ).toBeUndefined();
    expect(
      checkAsffFindingBounds(padding(ASFF_FINDING_MAX_CHARACTERS)),
    ).toEqual({
      path: [],
      message:
        'more than 1 MiB of JSON, the most a finding may have (Security Hub itself accepts 240 KB)',
    });
  });

  it('counts many small members, not only long strings', () => {
    const wide = {
      ...asffFindingFixture(),
      Items: Array.from({ length: 30_000 }, (_, i) => ({ i, on: i % 2 === 0 })),
    };
    const size = JSON.stringify(wide).length;
    expect(size).toBeGreaterThan(ASFF_FINDING_MAX_CHARACTERS / 2);
    expect(size).toBeLessThan(ASFF_FINDING_MAX_CHARACTERS);
    const twice = { ...wide, More: wide.Items };
    expect(checkAsffFindingBounds(wide)).toBeUndefined();
    expect(checkAsffFindingBounds(twice)?.message).toMatch(/more than 1 MiB/);
  });
});

import { ResourceTagSets } from './ResourceTagSets';

describe('ResourceTagSets', () => {
  it('codes a set once, whatever the order of its tags', () => {
    const sets = new ResourceTagSets();
    const payments = sets.code(['team=payments', 'app=ledger']);
    expect(sets.code(['app=ledger', 'team=payments'])).toBe(payments);
    expect(sets.code([])).not.toBe(payments);
    expect(sets.size).toBe(2);
  });

  it('marks the sets that hold every tag asked for, exactly', () => {
    const sets = new ResourceTagSets();
    sets.code(['team=payments', 'app=ledger']); // 0
    sets.code(['team=payments']); // 1
    sets.code(['team=payments-eu', 'cost center=a=b']); // 2
    sets.code([]); // 3
    expect([...sets.holdingAll(['team=payments'])]).toEqual([1, 1, 0, 0]);
    expect([...sets.holdingAll(['team=payments', 'app=ledger'])]).toEqual([
      1, 0, 0, 0,
    ]);
    expect([...sets.holdingAll(['cost center=a=b'])]).toEqual([0, 0, 1, 0]);
    expect([...sets.holdingAll(['team=pay'])]).toEqual([0, 0, 0, 0]);
  });
});

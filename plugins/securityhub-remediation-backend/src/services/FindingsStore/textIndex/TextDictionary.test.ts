import { TextDictionary } from './TextDictionary';

describe('TextDictionary', () => {
  const sealed = (...texts: string[]) => {
    const dictionary = new TextDictionary();
    const codes = texts.map(t => dictionary.code(t));
    dictionary.seal();
    return { dictionary, codes };
  };

  it('gives each distinct text one code', () => {
    const { dictionary, codes } = sealed('a', 'b', 'a', '');
    expect(codes).toEqual([0, 1, 0, 2]);
    expect(dictionary.size).toBe(3);
  });

  it('marks every text holding the term, wherever it sits', () => {
    const { dictionary } = sealed(
      'arn:aws:s3:::ledger-1',
      'sg-0001',
      '',
      'ledger',
      'arn:aws:s3:::ledger-10 arn:aws:s3:::ledger-1',
    );
    expect([...dictionary.matching('ledger-1')]).toEqual([1, 0, 0, 0, 1]);
    expect([...dictionary.matching('ledger')]).toEqual([1, 0, 0, 1, 1]);
    expect([...dictionary.matching('sg-0001')]).toEqual([0, 1, 0, 0, 0]);
    expect([...dictionary.matching('1')]).toEqual([1, 1, 0, 0, 1]);
    expect([...dictionary.matching('nothing')]).toEqual([0, 0, 0, 0, 0]);
  });

  it('never matches across two texts', () => {
    const { dictionary } = sealed('abc', 'def');
    expect([...dictionary.matching('cd')]).toEqual([0, 0]);
  });

  it('takes no new texts once sealed', () => {
    const { dictionary } = sealed('a');
    expect(() => dictionary.code('b')).toThrow('sealed');
  });

  it('finds terms in a large dictionary as a scan of each text would', () => {
    const texts = Array.from(
      { length: 5000 },
      (_, i) =>
        `arn:aws:ec2:eu-west-1:1234:instance/i-${(i * 7919).toString(16)}`,
    );
    const { dictionary } = sealed(...texts);
    for (const term of ['i-1', 'a0', 'instance/i-ff', '1234:', 'zz']) {
      expect([...dictionary.matching(term)]).toEqual(
        texts.map(t => (t.includes(term) ? 1 : 0)),
      );
    }
  });
});

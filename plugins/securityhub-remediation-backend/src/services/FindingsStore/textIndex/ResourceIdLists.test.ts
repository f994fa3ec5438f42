import { ResourceIdLists } from './ResourceIdLists';

describe('ResourceIdLists', () => {
  const texts = [
    'arn:aws:ec2:us-west-2:111122223333:instance/i-0abc',
    'arn:aws:s3:::logs-west arn:aws:iam::111122223333:role/west-admin',
    'aws::::account:111122223333',
    'arn:aws:ec2:us-west-2:111122223333:instance/i-0abc',
    '',
  ];
  const lists = new ResourceIdLists();
  const codes = texts.map(text => lists.code(text));
  lists.seal();

  it('gives a list seen before its code again', () => {
    expect(codes[3]).toBe(codes[0]);
    expect(lists.size).toBe(4);
  });

  it.each([
    'west',
    'us-west-2',
    'i-0abc',
    'aws',
    '1111',
    'account',
    's3',
    // Terms across segments: looked up in whole lists.
    'ec2:us',
    ':::',
    'role/west',
    'instance/',
    ':',
    'absent',
  ])('marks exactly the lists holding %p', term => {
    const marks = lists.matching(term);
    texts.forEach((text, i) => {
      expect([term, text, marks[codes[i]]]).toEqual([
        term,
        text,
        text.includes(term) ? 1 : 0,
      ]);
    });
  });
});

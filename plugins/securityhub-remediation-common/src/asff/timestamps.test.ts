import { execFileSync } from 'child_process';
import { asffTimestampToIso, parseAsffTimestamp } from './timestamps';

describe('parseAsffTimestamp', () => {
  it.each([
    ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00:00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
    ['2024-05-01T10:00:00.123456789Z', '2024-05-01T10:00:00.123Z'],
    ['2024-05-01T10:00:00.5', '2024-05-01T10:00:00.500Z'],
    ['2024-05-01T01:00:00+02:00', '2024-04-30T23:00:00.000Z'],
    ['2024-05-01T01:00:00+0200', '2024-04-30T23:00:00.000Z'],
    ['2024-05-01T01:00:00+02', '2024-04-30T23:00:00.000Z'],
    ['2024-02-29T23:30:00-01:00', '2024-03-01T00:30:00.000Z'],
    ['2024-05-01t10:00:00z', '2024-05-01T10:00:00.000Z'],
  ])('reads %s as %s', (value, iso) => {
    expect(asffTimestampToIso(value)).toBe(iso);
  });

  it.each([
    'yesterday',
    'Tue May 01 2024',
    '2024/05/01 10:00:00',
    '2024-05-01 10:00:00Z',
    '2024-02-30T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '1714557600000',
    '',
  ])('refuses %j', value => {
    expect(parseAsffTimestamp(value)).toBeNaN();
    expect(() => asffTimestampToIso(value)).toThrow(/not an ASFF timestamp/);
  });

  it('reads a timestamp without a zone as UTC whatever the server’s zone', () => {
    // The zone of a process is fixed when it starts: ask one in New York.
    const script = `
      const { normalizeAsffFinding } = require(${JSON.stringify(
        require.resolve('./normalize'),
      )});
      const { asffFindingFixture } = require(${JSON.stringify(
        require.resolve('../fixtures/asffFindingFixture'),
      )});
      const finding = { ...asffFindingFixture(), CreatedAt: '2024-05-01T10:00:00', UpdatedAt: '2024-05-02T10:00:00.5' };
      const n = normalizeAsffFinding(finding);
      process.stdout.write(JSON.stringify([new Date(2024, 4, 1).getTimezoneOffset(), n.createdAt, n.updatedAt]));
    `;
    const output = execFileSync(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        '-e',
        script,
      ],
      { env: { ...process.env, TZ: 'America/New_York' }, encoding: 'utf8' },
    );
    expect(JSON.parse(output)).toEqual([
      240, // the child does run four hours behind UTC
      '2024-05-01T10:00:00.000Z',
      '2024-05-02T10:00:00.500Z',
    ]);
  });
});

import { SqliteWritePace } from './sqliteWritePace';

describe('SqliteWritePace', () => {
  const options = { sliceMs: 8, minRows: 16, maxRows: 256 };

  it('halves the rows after a slow write, down to the minimum', () => {
    const pace = new SqliteWritePace(options);
    expect(pace.nextRows()).toBe(64);
    pace.record(64, 20);
    expect(pace.nextRows()).toBe(32);
    pace.record(32, 20);
    pace.record(16, 20);
    expect(pace.nextRows()).toBe(16);
  });

  it('doubles the rows after a quick write, up to the maximum', () => {
    const pace = new SqliteWritePace(options);
    for (let i = 0; i < 10; i++) pace.record(pace.nextRows(), 1);
    expect(pace.nextRows()).toBe(256);
  });

  it('keeps the rows for a write near the slice', () => {
    const pace = new SqliteWritePace(options);
    pace.record(64, 6);
    expect(pace.nextRows()).toBe(64);
  });

  it('ignores a short tail of a batch', () => {
    const pace = new SqliteWritePace(options);
    pace.record(3, 0.1);
    expect(pace.nextRows()).toBe(64);
  });
});

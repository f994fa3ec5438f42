import {
  asffFindingFixture,
  prepareFinding,
  severityRank,
} from '@internal/plugin-securityhub-remediation-common';
import {
  encodeCopyBatch,
  findingIdHash,
  type CopyBatchSpec,
} from './copyBatch';
import { TUPLE_KEY_BYTES, TUPLE_KEY_OFFSET } from './binaryTuples';

const SPEC: CopyBatchSpec = {
  sourceId: 'demo',
  seenAt: '2000-01-01T00:00:00.001Z',
  rowColumns: [
    ['id', 'text'],
    ['severity_rank', 'int2'],
    ['first_seen_at', 'timestamptz'],
    ['resolved_at', 'timestamptz'],
  ],
  detailColumns: [['remediation_url', 'text']],
};

const version = (suffix: string, updatedAt: string) =>
  prepareFinding(asffFindingFixture({ suffix, updatedAt }));

/** Tuple `i`'s bytes. */
const tupleOf = (bytes: Uint8Array, ends: Uint32Array, i: number) =>
  Buffer.from(bytes.subarray(i === 0 ? 0 : ends[i - 1], ends[i]));

describe('encodeCopyBatch', () => {
  it('keeps the newest version of each id, in the order ids first came', () => {
    const batch = encodeCopyBatch(
      [
        version('a', '2026-11-02T00:00:00.000Z'),
        version('b', '2026-11-01T00:00:00.000Z'),
        version('a', '2026-11-01T00:00:00.000Z'),
        version('b', '2026-11-03T00:00:00.000Z'),
      ],
      SPEC,
    );
    const a = version('a', '2026-11-02T00:00:00.000Z').normalized.id;
    const b = version('b', '2026-11-03T00:00:00.000Z').normalized.id;
    expect(batch.read).toBe(4);
    expect(batch.maxUpdatedAt).toBe('2026-11-03T00:00:00.000Z');
    expect([...batch.idHashes]).toEqual([findingIdHash(a), findingIdHash(b)]);
    expect(batch.rowEnds).toHaveLength(2);
    expect(batch.detailEnds).toHaveLength(2);
    expect(tupleOf(batch.rows, batch.rowEnds, 0).includes(a)).toBe(true);
    expect(tupleOf(batch.rows, batch.rowEnds, 1).includes(b)).toBe(true);
  });

  it("writes PostgreSQL's binary tuples: a key to fill in, lengths, nulls, numbers, times", () => {
    const finding = version('x', '2026-11-01T00:00:00.000Z');
    const batch = encodeCopyBatch([finding], SPEC);
    const tuple = tupleOf(batch.rows, batch.rowEnds, 0);
    const id = Buffer.from(finding.normalized.id);
    expect(tuple.readInt16BE(0)).toBe(5); // the key and four columns
    expect(tuple.readInt32BE(2)).toBe(4);
    expect(tuple.readInt32BE(TUPLE_KEY_OFFSET)).toBe(0);
    let at = TUPLE_KEY_BYTES;
    expect(tuple.readInt32BE(at)).toBe(id.length);
    expect(tuple.subarray(at + 4, at + 4 + id.length)).toEqual(id);
    at += 4 + id.length;
    expect([tuple.readInt32BE(at), tuple.readInt16BE(at + 4)]).toEqual([
      2,
      severityRank(finding.normalized.severity),
    ]);
    at += 6;
    // One millisecond after PostgreSQL's epoch.
    expect([tuple.readInt32BE(at), tuple.readBigInt64BE(at + 4)]).toEqual([
      8,
      1000n,
    ]);
    at += 12;
    expect(tuple.readInt32BE(at)).toBe(-1); // open: not resolved
    expect(at + 4).toBe(tuple.length);
    const detail = tupleOf(batch.details, batch.detailEnds, 0);
    expect(detail.readInt16BE(0)).toBe(2);
    const url = Buffer.from(finding.normalized.remediationUrl ?? '');
    expect(detail.readInt32BE(TUPLE_KEY_BYTES)).toBe(url.length);
    expect(detail.subarray(TUPLE_KEY_BYTES + 4)).toEqual(url);
  });

  it('writes times before 2000 and far past 2285 exactly', () => {
    const times = ['1969-07-20T20:17:40.123Z', '9999-12-31T23:59:59.999Z'];
    for (const time of times) {
      const batch = encodeCopyBatch(
        [version('t', '2026-11-01T00:00:00.000Z')],
        {
          ...SPEC,
          seenAt: time,
          rowColumns: [['first_seen_at', 'timestamptz']],
        },
      );
      const micros = tupleOf(batch.rows, batch.rowEnds, 0).readBigInt64BE(
        TUPLE_KEY_BYTES + 4,
      );
      expect(micros).toBe(
        (BigInt(Date.parse(time)) - BigInt(Date.UTC(2000, 0, 1))) * 1000n,
      );
    }
  });

  it('grows its buffers for findings larger than it expected', () => {
    const big = asffFindingFixture({ suffix: 'big' });
    big.Description = '漢'.repeat(50_000);
    const batch = encodeCopyBatch([prepareFinding(big)], {
      ...SPEC,
      detailColumns: [['description', 'text']],
    });
    const detail = tupleOf(batch.details, batch.detailEnds, 0);
    expect(detail.readInt32BE(TUPLE_KEY_BYTES)).toBe(150_000);
    expect(detail.subarray(TUPLE_KEY_BYTES + 4).toString()).toBe(
      big.Description,
    );
  });
});

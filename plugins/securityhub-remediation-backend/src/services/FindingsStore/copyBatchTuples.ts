import {
  TUPLE_KEY_BYTES,
  TUPLE_KEY_OFFSET,
} from '@internal/plugin-securityhub-remediation-node';

/** A batch's tuples (see `CopyBatch`): their bytes and where each ends. */
export interface CopyTuples {
  bytes: Uint8Array;
  ends: Uint32Array;
}

/** The largest int4: the tables' keys. */
const MAX_KEY = 2 ** 31 - 1;

const startOf = ({ ends }: CopyTuples, i: number) =>
  i === 0 ? 0 : ends[i - 1];

/**
 * The tuples `picked` (ascending) with `keys[j]` written in as the key of
 * tuple `picked[j]`, in place: each run of consecutive tuples goes to COPY
 * as one view of the batch's own buffer, without a copy.
 */
export function* keyedTuples(
  tuples: CopyTuples,
  picked: number[],
  keys: number[],
): Generator<Uint8Array> {
  const view = new DataView(
    tuples.bytes.buffer,
    tuples.bytes.byteOffset,
    tuples.bytes.byteLength,
  );
  let runStart = -1;
  for (let j = 0; j < picked.length; j++) {
    const i = picked[j];
    const key = keys[j];
    if (!Number.isInteger(key) || key < 1 || key > MAX_KEY) {
      throw new Error(`table key ${key} is not a 32-bit key`);
    }
    view.setInt32(startOf(tuples, i) + TUPLE_KEY_OFFSET, key);
    if (runStart === -1) runStart = i;
    if (picked[j + 1] !== i + 1) {
      yield tuples.bytes.subarray(startOf(tuples, runStart), tuples.ends[i]);
      runStart = -1;
    }
  }
}

/**
 * The tuples `picked` of two tuple sets side by side, without their keys:
 * one tuple of the first's fields, then the second's. For the few later
 * versions a first load stages, so copied.
 */
export function joinedTuples(
  first: CopyTuples,
  second: CopyTuples,
  picked: number[],
): Uint8Array[] {
  const fieldsOf = (tuples: CopyTuples, start: number) =>
    ((tuples.bytes[start] << 8) | tuples.bytes[start + 1]) - 1;
  return picked.map(i => {
    const left = startOf(first, i);
    const right = startOf(second, i);
    const fields = fieldsOf(first, left) + fieldsOf(second, right);
    const leftFields = first.bytes.subarray(
      left + TUPLE_KEY_BYTES,
      first.ends[i],
    );
    const rightFields = second.bytes.subarray(
      right + TUPLE_KEY_BYTES,
      second.ends[i],
    );
    const tuple = Buffer.allocUnsafe(
      2 + leftFields.length + rightFields.length,
    );
    tuple.writeInt16BE(fields, 0);
    tuple.set(leftFields, 2);
    tuple.set(rightFields, 2 + leftFields.length);
    return tuple;
  });
}

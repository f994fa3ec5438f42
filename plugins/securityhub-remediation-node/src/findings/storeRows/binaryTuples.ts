/**
 * PostgreSQL's binary COPY format, as much of it as the findings' columns
 * need: a tuple is its field count (int16), then per field its length
 * (int32, -1 for null) and its bytes, big-endian. Text goes as UTF-8 as it
 * is (nothing to escape, nothing for the server to unescape), a timestamp
 * as microseconds since 2000-01-01 UTC (nothing to parse).
 */

/** How a column's values are written. */
export type CopyColumnType = 'text' | 'int2' | 'timestamptz';

/** What every tuple starts with: its field count and its table key (int4). */
export const TUPLE_KEY_BYTES = 2 + 4 + 4;

/** Where in a tuple its table key's four bytes are. */
export const TUPLE_KEY_OFFSET = 6;

/** The COPY stream's header: signature, flags, header extension length. */
export const BINARY_COPY_HEADER = Buffer.concat([
  Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
  Buffer.alloc(8),
]);

/** The COPY stream's trailer: a field count of -1. */
export const BINARY_COPY_TRAILER = Buffer.from([0xff, 0xff]);

/** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix milliseconds. */
const POSTGRES_EPOCH_MS = 946_684_800_000;

/** Microsecond counts up to this are exact in a double. */
const EXACT_MICROSECONDS = Number.MAX_SAFE_INTEGER;

/** Tuples appended one after another into one growing buffer of its own. */
export class BinaryTuples {
  private bytes: Buffer;
  private length = 0;
  private readonly ends: number[] = [];

  /** `spare`: buffers to fill before allocating (see {@link SpareBuffers}). */
  constructor(expectedBytes: number, private readonly spare?: SpareBuffers) {
    this.bytes = this.allocate(Math.max(expectedBytes, 1024));
  }

  /** Starts a tuple of `fields` fields besides its table key (written as 0 here). */
  start(fields: number): void {
    this.reserve(TUPLE_KEY_BYTES);
    this.length = this.bytes.writeInt16BE(fields + 1, this.length);
    this.length = this.bytes.writeInt32BE(4, this.length);
    this.length = this.bytes.writeInt32BE(0, this.length);
  }

  end(): void {
    this.ends.push(this.length);
  }

  text(value: string | null | undefined): void {
    if (value === null || value === undefined) {
      this.null();
      return;
    }
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    this.reserve(4 + value.length * 3);
    const written = this.bytes.write(value, this.length + 4);
    this.bytes.writeInt32BE(written, this.length);
    this.length += 4 + written;
  }

  int2(value: number | null | undefined): void {
    if (value === null || value === undefined) {
      this.null();
      return;
    }
    this.reserve(6);
    this.length = this.bytes.writeInt32BE(2, this.length);
    this.length = this.bytes.writeInt16BE(value, this.length);
  }

  /** An ISO 8601 time (or a Date) as PostgreSQL's microseconds. */
  timestamptz(value: string | Date | null | undefined): void {
    if (value === null || value === undefined) {
      this.null();
      return;
    }
    const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
    if (Number.isNaN(ms)) throw new RangeError(`not a time: ${String(value)}`);
    this.reserve(12);
    this.length = this.bytes.writeInt32BE(8, this.length);
    const micros = (ms - POSTGRES_EPOCH_MS) * 1000;
    if (Math.abs(micros) <= EXACT_MICROSECONDS) {
      const high = Math.floor(micros / 2 ** 32);
      this.length = this.bytes.writeInt32BE(high, this.length);
      this.length = this.bytes.writeUInt32BE(
        micros - high * 2 ** 32,
        this.length,
      );
    } else {
      this.length = this.bytes.writeBigInt64BE(
        BigInt(ms - POSTGRES_EPOCH_MS) * 1000n,
        this.length,
      );
    }
  }

  value(type: CopyColumnType, value: unknown): void {
    if (type === 'int2') this.int2(value as number | null);
    else if (type === 'timestamptz') this.timestamptz(value as string | null);
    else
      this.text(value === null || value === undefined ? null : String(value));
  }

  /** The tuples (a view of a buffer of their own) and where each ends. */
  finish(): [Uint8Array, Uint32Array] {
    const ends = new Uint32Array(new ArrayBuffer(this.ends.length * 4));
    ends.set(this.ends);
    return [new Uint8Array(this.bytes.buffer, 0, this.length), ends];
  }

  private null(): void {
    this.reserve(4);
    this.length = this.bytes.writeInt32BE(-1, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.bytes.length) return;
    const grown = this.allocate(
      Math.max(this.bytes.length * 2, this.length + bytes),
    );
    this.bytes.copy(grown, 0, 0, this.length);
    this.spare?.put(this.bytes.buffer as ArrayBuffer);
    this.bytes = grown;
  }

  private allocate(bytes: number): Buffer {
    const spare = this.spare?.take(bytes);
    return spare ? Buffer.from(spare) : Buffer.allocUnsafeSlow(bytes);
  }
}

/**
 * Buffers a batch's tuples were written in, handed back once the store has
 * sent them, to write the next batches in. A thread that receives a
 * transferred buffer counts it as memory held outside its heap, and a few
 * dozen megabytes of those start a full garbage collection of the store's
 * whole heap: buffers going back and forth are counted once.
 */
export class SpareBuffers {
  private readonly buffers: ArrayBuffer[] = [];

  /** Keeps at most `limit` buffers. */
  constructor(private readonly limit = 8) {}

  put(buffer: ArrayBuffer): void {
    if (this.buffers.length < this.limit && buffer.byteLength > 0) {
      this.buffers.push(buffer);
    }
  }

  /** The smallest spare buffer of at least `bytes`, if any. */
  take(bytes: number): ArrayBuffer | undefined {
    let best = -1;
    this.buffers.forEach((buffer, i) => {
      if (
        buffer.byteLength >= bytes &&
        (best === -1 || buffer.byteLength < this.buffers[best].byteLength)
      ) {
        best = i;
      }
    });
    return best === -1 ? undefined : this.buffers.splice(best, 1)[0];
  }
}

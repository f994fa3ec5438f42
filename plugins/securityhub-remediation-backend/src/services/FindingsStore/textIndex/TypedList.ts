type TypedArray = Int32Array | Float64Array;

/**
 * Numbers appended to a typed array that doubles when full: 4 or 8 bytes a
 * number while an index is read, where a plain array of a million numbers
 * holds 8 and more garbage to collect after.
 */
export class TypedList<A extends TypedArray> {
  private data: A;
  private size = 0;

  constructor(
    private readonly allocate: (length: number) => A,
    capacity: number,
  ) {
    this.data = allocate(Math.max(16, capacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const larger = this.allocate(this.data.length * 2);
      larger.set(this.data);
      this.data = larger;
    }
    this.data[this.size++] = value;
  }

  /** The numbers pushed, in an array of their own length. */
  values(): A {
    return this.size === this.data.length
      ? this.data
      : (this.data.slice(0, this.size) as A);
  }
}

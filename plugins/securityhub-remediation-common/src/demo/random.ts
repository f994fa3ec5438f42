export const HEX = '0123456789abcdef';

/**
 * Small seeded random source (mulberry32) so the demo data is the same on
 * every machine and every run; `Math.random` would make it differ.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Characters drawn from an alphabet, for ids such as `sg-0a1b…`. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      out += alphabet[Math.floor(this.next() * alphabet.length)];
    }
    return out;
  }

  /** A version-4-shaped UUID. */
  uuid(): string {
    const hex = this.chars(HEX, 32);
    const variant = '89ab'[Math.floor(this.next() * 4)];
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(
      13,
      16,
    )}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
  }
}

/** FNV-1a: a stable 32-bit seed derived from a string key. */
export function hashSeed(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// The random side of the wire-level fuzz: a seeded generator (mulberry32, so that a seed replays the
// same run anywhere) and the mutations it applies to a valid request's bytes.

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }

  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)]!;
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }

  /** One of the entries, chosen with its weight. */
  weighted<T>(entries: readonly (readonly [number, T])[]): T {
    const total = entries.reduce((a, [w]) => a + w, 0);
    let r = this.below(total);
    for (const [w, v] of entries) {
      if (r < w) return v;
      r -= w;
    }
    return entries[entries.length - 1]![1];
  }
}

export type Mutation = (r: SeededRandom, bytes: Buffer, other: Buffer) => Buffer;

/** Byte-level mutations of a valid request; `other` is another method's valid request. */
export const MUTATIONS: readonly (readonly [number, string, Mutation])[] = [
  [15, 'none', (_r, b) => b],
  [15, 'truncate', (r, b) => b.subarray(0, r.below(b.length))],
  [15, 'flip bits', (r, b) => {
    const out = Buffer.from(b);
    for (let n = 1 + r.below(3); n > 0 && out.length > 0; n--) out[r.below(out.length)]! ^= 1 << r.below(8);
    return out;
  }],
  [10, 'replace bytes', (r, b) => {
    const out = Buffer.from(b);
    for (let n = 1 + r.below(4); n > 0 && out.length > 0; n--) out[r.below(out.length)] = r.next() & 0xff;
    return out;
  }],
  [10, 'insert bytes', (r, b) => {
    const at = r.below(b.length + 1);
    return Buffer.concat([b.subarray(0, at), r.bytes(1 + r.below(16)), b.subarray(at)]);
  }],
  [10, 'delete bytes', (r, b) => {
    const at = r.below(b.length + 1);
    return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + r.below(8))]);
  }],
  [5, 'splice another request', (r, b, other) => Buffer.concat([b.subarray(0, r.below(b.length + 1)), other.subarray(r.below(other.length + 1))])],
  [5, 'random bytes', (r) => r.bytes(r.below(64))],
  [10, 'append a field', (r, b) => Buffer.concat([b, Buffer.from([r.below(16) * 8 + r.pick([0, 1, 2, 5]), ...r.bytes(r.below(10))])])],
  [5, 'repeat a field', (r, b) => {
    const at = r.below(b.length + 1);
    return Buffer.concat([b, b.subarray(at, at + 2 + r.below(10))]);
  }],
];

// Comparing large byte arrays: expect(a).toEqual(b) walks a typed array key by key (a 19 MB queue
// snapshot is 19 million string keys), so blobs are compared as buffers and a difference is
// reported by its first offset.
import { expect } from 'vitest';

export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

export function expectSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  const at = firstDifference(actual, expected);
  expect(at, `${what}: ${actual.length} bytes against ${expected.length}, first difference at byte ${at}`).toBe(-1);
}

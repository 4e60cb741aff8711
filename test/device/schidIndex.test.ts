// The subchannel index against a Map, under random inserts and deletes with heavy collisions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchidIndex } from '../../src/device/schidIndex.js';

type Op = { kind: 'set' | 'del' | 'get'; schid: number; isc: number; value: number };

const op = fc.record({
  kind: fc.constantFrom<'set' | 'del' | 'get'>('set', 'set', 'del', 'get'),
  // Few distinct schids and all eight ISCs: long probe runs and many wrap-arounds.
  schid: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0xfe010005, 0xffffffff, 0x80000000)),
  isc: fc.integer({ min: 0, max: 7 }),
  value: fc.integer({ min: 1, max: 266251 }),
});

describe('SchidIndex', () => {
  it('behaves like a Map keyed by (schid, isc)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops: Op[]) => {
        const index = new SchidIndex();
        const model = new Map<string, number>();
        for (const o of ops) {
          const key = `${o.schid}/${o.isc}`;
          if (o.kind === 'set') {
            expect(index.exchange(o.schid, o.isc, o.value)).toBe(model.get(key) ?? 0);
            model.set(key, o.value);
          } else if (o.kind === 'del') {
            index.delete(o.schid, o.isc);
            model.delete(key);
          }
          expect(index.get(o.schid, o.isc)).toBe(model.get(key) ?? 0);
          expect(index.size).toBe(model.size);
        }
        for (const [key, value] of model) {
          const [schid, isc] = key.split('/').map(Number) as [number, number];
          expect(index.get(schid, isc)).toBe(value);
        }
      }),
      { numRuns: 300 },
    );
  });
});

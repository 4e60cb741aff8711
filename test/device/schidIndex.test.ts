// The subchannel index against a Map of chains, under random appends and head removals with
// heavy collisions and wrap-around.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchidIndex, schidIndexBytes } from '../../src/device/current/schidIndex.js';

const op = fc.record({
  append: fc.boolean(),
  // Few distinct schids and all eight ISCs: long probe runs and many wrap-arounds.
  schid: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0xfe010005, 0xffffffff, 0x80000000)),
  isc: fc.integer({ min: 0, max: 7 }),
});

describe('SchidIndex', () => {
  it('keeps each (schid, isc) chain like a Map of FIFO arrays', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 800 }), (ops) => {
        const index = new SchidIndex();
        const model = new Map<string, number[]>();
        let next = 1;
        for (const o of ops) {
          const key = `${o.schid}/${o.isc}`;
          const chain = model.get(key) ?? [];
          if (o.append) {
            const entry = next++;
            expect(index.append(o.schid, o.isc, entry)).toBe(chain.at(-1) ?? 0);
            model.set(key, [...chain, entry]);
          } else {
            const slot = index.find(o.schid, o.isc);
            if (chain.length === 0) {
              expect(slot).toBe(-1);
              continue;
            }
            expect(index.head(slot)).toBe(chain[0]);
            expect(index.tail(slot)).toBe(chain.at(-1));
            if (chain.length === 1) {
              index.remove(slot);
              model.delete(key);
            } else {
              index.setHead(slot, chain[1]!);
              model.set(key, chain.slice(1));
            }
          }
          expect(index.size).toBe(model.size);
        }
        for (const [key, chain] of model) {
          const [schid, isc] = key.split('/').map(Number) as [number, number];
          const slot = index.find(schid, isc);
          expect([index.head(slot), index.tail(slot)]).toEqual([chain[0], chain.at(-1)]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('SchidIndex.findLowestIsc', () => {
  it('finds the key of a subchannel with the lowest ISC, among colliding keys', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 7 })), { maxLength: 300 }), fc.integer({ min: 0, max: 30 }), (keys, probe) => {
        const index = new SchidIndex();
        const present = new Set<string>();
        keys.forEach(([schid, isc], i) => {
          index.append(schid, isc, i + 1);
          present.add(`${schid}/${isc}`);
        });
        const iscs = [0, 1, 2, 3, 4, 5, 6, 7].filter((isc) => present.has(`${probe}/${isc}`));
        const slot = index.findLowestIsc(probe);
        if (iscs.length === 0) expect(slot).toBe(-1);
        else {
          expect(index.isc(slot)).toBe(iscs[0]);
          expect(slot).toBe(index.find(probe, iscs[0]!));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('grows to the size that schidIndexBytes predicts for its keys (the budget charges that)', () => {
    const index = new SchidIndex();
    expect(index.byteLength).toBe(schidIndexBytes(0));
    for (let k = 1; k <= 5000; k++) {
      index.append(k, k & 7, k);
      expect(index.byteLength, `${k} keys`).toBe(schidIndexBytes(k));
    }
  });
});

// The pooled I/O queues against eight plain arrays, with enough traffic to grow the pool, build
// the subchannel index late (at the first removal, over a long queue), compact dead entries and
// reuse their slots; delivery and TPI take the oldest entry of an ISC in between. The
// pending-interrupt budget is charged what growthFor() announced, never more.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ISC_COUNT, KVM_S390_MAX_FLOAT_IRQS, iscToIntWord } from '../../src/device/abi/index.js';
import { ExtQueue, type ExtEntry } from '../../src/device/current/extQueue.js';
import { IoQueues, ioPoolCharge, type IoEntry } from '../../src/device/current/ioQueues.js';
import { PendingBudget } from '../../src/device/pendingBudget.js';

const GROUP = 'TEST';

function newQueues(): { q: IoQueues; budget: PendingBudget } {
  const budget = new PendingBudget(Number.MAX_SAFE_INTEGER);
  return { q: new IoQueues(budget.account()), budget };
}

interface Entry {
  readonly type: number;
  readonly schid: number;
  readonly parm: number;
  readonly word: number;
}

class NaiveQueues {
  readonly queues: Entry[][] = Array.from({ length: ISC_COUNT }, () => []);

  push(e: Entry): void {
    this.queues[e.word >>> 27]!.push(e);
  }

  removeFirst(schid: number): boolean {
    for (const q of this.queues) {
      const i = q.findIndex((e) => e.schid === schid);
      if (i >= 0) {
        q.splice(i, 1);
        return true;
      }
    }
    return false;
  }

  takeFirst(schid: number): Entry | null {
    for (const q of this.queues) {
      const i = q.findIndex((e) => e.schid === schid);
      if (i >= 0) return q.splice(i, 1)[0]!;
    }
    return null;
  }

  get count(): number {
    return this.queues.reduce((n, q) => n + q.length, 0);
  }
}

const scratch = (): IoEntry => ({ type: -1, schid: -1, parm: -1, word: -1 });

function contents(q: IoQueues): Entry[][] {
  return Array.from({ length: ISC_COUNT }, (_, isc) => {
    const out: Entry[] = [];
    q.forEach(isc, (type, schid, parm, word) => out.push({ type, schid, parm, word }));
    return out;
  });
}

type Op =
  | { readonly push: number; readonly schid: number; readonly isc: number }
  | { readonly remove: number; readonly schid: number }
  | { readonly take: number; readonly isc: number }
  | { readonly clear: true };

const schid = fc.integer({ min: 1, max: 60 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  // Pushes and removals come in runs, so queues get long and dead entries pass the compaction threshold.
  { weight: 6, arbitrary: fc.record({ push: fc.integer({ min: 1, max: 700 }), schid, isc: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 5, arbitrary: fc.record({ remove: fc.integer({ min: 1, max: 900 }), schid }) },
  { weight: 4, arbitrary: fc.record({ take: fc.integer({ min: 1, max: 500 }), isc: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 1, arbitrary: fc.constant({ clear: true as const }) },
);

describe('IoQueues', () => {
  it('matches eight FIFO arrays through growth, a late index, compaction and clears', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const { q, budget } = newQueues();
        const model = new NaiveQueues();
        let serial = 0;
        for (const o of ops) {
          if ('clear' in o) {
            q.clear();
            model.queues.forEach((x) => (x.length = 0));
          } else if ('push' in o) {
            const announced = q.growthFor(o.push);
            const before = budget.usedBytes;
            for (let i = 0; i < o.push; i++) {
              // Spread one run over several subchannels and ISCs so chains interleave.
              const e = { type: 0x0000_0001, schid: (o.schid + (i % 7)) >>> 0, parm: serial++, word: iscToIntWord((o.isc + (i % 3)) & 7) };
              q.push(e.type, e.schid, e.parm, e.word, GROUP);
              model.push(e);
            }
            expect(budget.usedBytes - before).toBeLessThanOrEqual(announced);
          } else if ('take' in o) {
            // The oldest entry of one ISC, as delivery and TPI take it.
            for (let i = 0; i < o.take; i++) {
              const isc = (o.isc + (i % 2)) & 7;
              const want = model.queues[isc]![0];
              const got = scratch();
              expect(q.oldest(isc, got)).toBe(want !== undefined);
              if (want !== undefined) expect(got).toEqual(want);
              q.removeOldest(isc);
              model.queues[isc]!.shift();
            }
          } else {
            for (let i = 0; i < o.remove; i++) {
              const s = o.schid + (i % 9);
              // TSCH hands the entry back; CLEAR_IO_IRQ only removes it.
              if (i % 2 === 0) expect(q.removeFirst(s)).toBe(model.removeFirst(s));
              else {
                const got = scratch();
                const want = model.takeFirst(s);
                expect(q.takeFirst(s, got)).toBe(want === null ? -1 : want.word >>> 27);
                if (want !== null) expect(got).toEqual(want);
              }
            }
          }
          expect(q.count).toBe(model.count);
          expect(q.depths()).toEqual(model.queues.map((x) => x.length));
        }
        expect(contents(q)).toEqual(model.queues);
      }),
      { numRuns: 60 },
    );
  });

  it('builds the index over a queue that was only pushed to, then keeps it current', () => {
    const { q } = newQueues();
    const model = new NaiveQueues();
    for (let i = 0; i < 5000; i++) {
      const e = { type: 1, schid: 100 + (i % 50), parm: i, word: iscToIntWord(7 - (i % 8)) };
      q.push(e.type, e.schid, e.parm, e.word, GROUP);
      model.push(e);
    }
    for (let i = 0; i < 3000; i++) {
      const s = 100 + ((i * 7) % 50);
      expect(q.removeFirst(s)).toBe(model.removeFirst(s));
      if (i % 3 === 0) {
        const e = { type: 1, schid: s, parm: 10_000 + i, word: iscToIntWord(i % 8) };
        q.push(e.type, e.schid, e.parm, e.word, GROUP);
        model.push(e);
      }
    }
    expect(q.removeFirst(99)).toBe(false);
    expect(contents(q)).toEqual(model.queues);
  });

  it('announces exactly the growth of a fill from empty, up to the full queue and its index allowance', () => {
    const { q, budget } = newQueues();
    let pushed = 0;
    for (const step of [1, 15, 1, 100, 20_000, 200_000, KVM_S390_MAX_FLOAT_IRQS - 220_117]) {
      const announced = q.growthFor(step);
      const before = budget.usedBytes;
      for (let i = 0; i < step; i++, pushed++) q.push(1, pushed + 1, 0, iscToIntWord(pushed & 7), GROUP);
      expect(budget.usedBytes - before, `${step} more after ${pushed - step}`).toBe(announced);
    }
    expect(pushed).toBe(KVM_S390_MAX_FLOAT_IRQS);
    // The pool stops at one entry past the limit (slot 0 is the nil link), and the subchannel
    // index that CLEAR_IO_IRQ builds over it is charged already.
    expect(budget.usedBytes).toBe(ioPoolCharge(KVM_S390_MAX_FLOAT_IRQS + 1));
    q.removeFirst(5);
    expect(budget.usedBytes).toBe(ioPoolCharge(KVM_S390_MAX_FLOAT_IRQS + 1));
  });

  it('refuses a growth the budget cannot pay before changing anything', () => {
    const budget = new PendingBudget(ioPoolCharge(16));
    const q = new IoQueues(budget.account());
    for (let i = 0; i < 15; i++) q.push(1, i + 1, 0, 0, GROUP);
    expect(() => q.push(1, 99, 0, 0, GROUP)).toThrow(/ENOMEM/);
    expect(q.count).toBe(15);
    expect(budget.usedBytes).toBe(ioPoolCharge(16));
  });
});

describe('ExtQueue', () => {
  it('is a FIFO through growth, taking from the head and sliding the live entries back, charging what it announced', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })), { maxLength: 60 }), (steps) => {
        const budget = new PendingBudget(Number.MAX_SAFE_INTEGER);
        const q = new ExtQueue(100, budget.account());
        const model: number[][] = [];
        let serial = 0;
        for (const [pushes, takes] of steps) {
          // Taken slots are reused before the array grows: the budget is charged what growthFor() announced.
          const fits = Math.min(pushes, 100 - model.length);
          const announced = q.growthFor(fits);
          const before = budget.usedBytes;
          for (let i = 0; i < fits; i++, serial++) {
            q.push(serial, serial + 1, serial + 2, serial + 3, GROUP);
            model.push([serial, serial + 1, serial + 2, serial + 3]);
          }
          expect(budget.usedBytes - before).toBe(announced);
          for (let i = 0; i < takes; i++) {
            const got: ExtEntry = { params: -1, pad: -1, params2Hi: -1, params2Lo: -1 };
            const want = model.shift();
            expect(q.head(got)).toBe(want !== undefined);
            if (want !== undefined) expect([got.params, got.pad, got.params2Hi, got.params2Lo]).toEqual(want);
            q.dropHead();
          }
          expect(q.count).toBe(model.length);
          const seen: number[][] = [];
          q.forEach((a, b, c, d) => seen.push([a, b, c, d]));
          expect(seen).toEqual(model);
        }
      }),
      { numRuns: 100 },
    );
  });
});

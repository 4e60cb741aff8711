// The pooled I/O queues against eight plain arrays, with enough traffic to grow the pool, build
// the subchannel index late (at the first removal, over a long queue), compact dead entries and
// reuse their slots. The pending-interrupt budget is charged what growthFor() announced, never more.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ISC_COUNT, KVM_S390_MAX_FLOAT_IRQS, iscToIntWord } from '../../src/device/abi/index.js';
import { IoQueues, ioPoolCharge } from '../../src/device/current/ioQueues.js';
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

  get count(): number {
    return this.queues.reduce((n, q) => n + q.length, 0);
  }
}

function contents(q: IoQueues): Entry[][] {
  return Array.from({ length: ISC_COUNT }, (_, isc) => {
    const out: Entry[] = [];
    q.forEach(isc, (type, schid, parm, word) => out.push({ type, schid, parm, word }));
    return out;
  });
}

type Op = { readonly push: number; readonly schid: number; readonly isc: number } | { readonly remove: number; readonly schid: number } | { readonly clear: true };

const schid = fc.integer({ min: 1, max: 60 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  // Pushes and removals come in runs, so queues get long and dead entries pass the compaction threshold.
  { weight: 6, arbitrary: fc.record({ push: fc.integer({ min: 1, max: 700 }), schid, isc: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 5, arbitrary: fc.record({ remove: fc.integer({ min: 1, max: 900 }), schid }) },
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
          } else {
            for (let i = 0; i < o.remove; i++) {
              const s = o.schid + (i % 9);
              expect(q.removeFirst(s)).toBe(model.removeFirst(s));
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

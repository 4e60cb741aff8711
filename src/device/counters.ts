// Monotonic per-VM totals (FlicCounters): created zeroed, counted by the state modules, added up
// when a VM is retired. The per-bit delivery counts stay empty until a VM's first delivery, so
// an idle VM does not carry them.
import { IRQ_PEND_COUNT } from './abi/index.js';
import type { FlicCounters } from './types.js';

/** The shared empty per-bit count: replaced by a VM's own array at its first count. */
const NONE_YET: number[] = Object.freeze([]) as unknown as number[];

export function newCounters(): FlicCounters {
  return {
    injectedIo: 0,
    injectedAdapter: 0,
    injectedVirtio: 0,
    injectedPfault: 0,
    injectedService: 0,
    injectedMchk: 0,
    suppressed: 0,
    cleared: 0,
    coalesced: 0,
    tpiHits: 0,
    tpiMisses: 0,
    tschHits: 0,
    tschMisses: 0,
    reinjected: 0,
    delivered: NONE_YET,
    deliveredLocal: NONE_YET,
  };
}

/** The counters that are one number. */
export type ScalarCounter = { [K in keyof FlicCounters]: FlicCounters[K] extends number ? K : never }[keyof FlicCounters];
/** The counters that are one number per pending bit (IRQ_PEND_COUNT entries, or none yet). */
export type PerBitCounter = Exclude<keyof FlicCounters, ScalarCounter>;

export const PER_BIT_COUNTER_NAMES: readonly PerBitCounter[] = ['delivered', 'deliveredLocal'];
export const COUNTER_NAMES = (Object.keys(newCounters()) as (keyof FlicCounters)[]).filter(
  (k): k is ScalarCounter => !(PER_BIT_COUNTER_NAMES as readonly string[]).includes(k),
);

function perBit(c: FlicCounters, k: PerBitCounter): number[] {
  if (c[k].length === 0) c[k] = new Array<number>(IRQ_PEND_COUNT).fill(0);
  return c[k];
}

/**
 * Adds `from` to `into`. Field by field rather than a loop over COUNTER_NAMES: a scrape adds up the
 * counters of every VM in one go, and named fields are several times faster than keyed ones
 * (test/device/counters.test.ts checks that every counter is added).
 */
export function addCounters(into: FlicCounters, from: Readonly<FlicCounters>): void {
  into.injectedIo += from.injectedIo;
  into.injectedAdapter += from.injectedAdapter;
  into.injectedVirtio += from.injectedVirtio;
  into.injectedPfault += from.injectedPfault;
  into.injectedService += from.injectedService;
  into.injectedMchk += from.injectedMchk;
  into.suppressed += from.suppressed;
  into.cleared += from.cleared;
  into.coalesced += from.coalesced;
  into.tpiHits += from.tpiHits;
  into.tpiMisses += from.tpiMisses;
  into.tschHits += from.tschHits;
  into.tschMisses += from.tschMisses;
  into.reinjected += from.reinjected;
  for (const k of PER_BIT_COUNTER_NAMES) {
    const add = from[k];
    if (add.length === 0) continue;
    const sum = perBit(into, k);
    for (let b = 0; b < IRQ_PEND_COUNT; b++) sum[b]! += add[b] ?? 0;
  }
}

/** A copy that shares nothing with `c` (the per-bit arrays included). */
export function copyCounters(c: Readonly<FlicCounters>): FlicCounters {
  return { ...c, delivered: c.delivered.slice(), deliveredLocal: c.deliveredLocal.slice() };
}

/** One delivery of the interrupt at pending bit `bit` (a local one: Deliver answered LOCAL). */
export function countDelivery(c: FlicCounters, bit: number, local: boolean): void {
  perBit(c, local ? 'deliveredLocal' : 'delivered')[bit]!++;
}

/** One TPI (or TSCH) call, and whether it dequeued an interrupt. */
export function countDequeue(c: FlicCounters, tsch: boolean, hit: boolean): void {
  if (tsch) {
    if (hit) c.tschHits++;
    else c.tschMisses++;
  } else if (hit) c.tpiHits++;
  else c.tpiMisses++;
}

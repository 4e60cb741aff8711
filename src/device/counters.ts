// Monotonic per-VM totals (FlicCounters): created zeroed, added up when a VM is retired.
import type { FlicCounters } from './types.js';

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
  };
}

export const COUNTER_NAMES = Object.keys(newCounters()) as readonly (keyof FlicCounters)[];

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
}

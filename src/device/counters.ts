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

export function addCounters(into: FlicCounters, from: Readonly<FlicCounters>): void {
  for (const k of COUNTER_NAMES) into[k] += from[k];
}

// Long work done in slices on the event loop: each slice runs for at most SLICE_BUDGET_MS, then the
// loop gets a turn (calls, health checks, I/O) before the next one. Used for the large replies
// (slicedReply.ts) and for the metrics snapshot (metricsDevice.ts).

import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** The longest run of sliced work between two turns of the event loop. */
export const SLICE_BUDGET_MS = 1;

/** Calls step() until it returns true (done) or `budgetMs` is up; whether it is done. */
export function runSlice(step: () => boolean, budgetMs = SLICE_BUDGET_MS): boolean {
  const t0 = performance.now();
  for (;;) {
    if (step()) return true;
    if (performance.now() - t0 >= budgetMs) return false;
  }
}

/**
 * Calls step() until it returns true, a slice (of `budgetMs`) per turn of the event loop, starting
 * in the next turn. `check` runs before every slice and may throw to give up (a cancelled call).
 */
export async function runInSlices(step: () => boolean, check?: () => void, budgetMs = SLICE_BUDGET_MS): Promise<void> {
  for (;;) {
    await nextTurn();
    check?.();
    if (runSlice(step, budgetMs)) return;
  }
}

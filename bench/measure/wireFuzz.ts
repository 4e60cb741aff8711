// Section 9 (issue 11, acceptance): the wire-level fuzz of test/support/wireFuzz.ts, longer than the
// test's, against flic as a process. Any answer or state that the model does not explain, or a
// server that stops answering, fails the run (it is a correctness check, not a speed figure).

import { performance } from 'node:perf_hooks';
import { runWireFuzz } from '../../test/support/wireFuzz.js';
import { alone, type Figure } from '../report/figures.js';
import type { ServerChild } from '../servers/children.js';

export async function measureWireFuzz(server: ServerChild, maxVms: number, calls: number, log: (m: string) => void): Promise<Figure[]> {
  const t0 = performance.now();
  const report = await runWireFuzz({ target: `127.0.0.1:${server.port}`, seed: 0x5eed0b11, calls, maxVms, checkEvery: 50 });
  const seconds = (performance.now() - t0) / 1000;
  const codes = Object.entries(report.codes).map(([c, n]) => `${c} ${n}`).join(', ');
  log(`  ${report.calls} calls in ${seconds.toFixed(1)} s (${report.compressed} compressed, ${report.reachedDevice} reached the device, ${report.stateChecks} state checks): ${codes}`);
  if (report.failures.length > 0) throw new Error(`wire fuzz: ${report.failures.length} differences, first: ${report.failures[0]}`);
  const note = `${report.compressed} compressed, ${report.reachedDevice} reached the device; answers: ${codes}; ${report.stateChecks} comparisons of every VM's Inspect and GET_ALL_IRQS with the model`;
  return [
    alone({ id: 'fuzz.calls', section: '9 wire fuzz', name: 'fuzzed calls answered as the model answers them', unit: 'calls', target: null, note }, [report.calls]),
    alone({ id: 'fuzz.differences', section: '9 wire fuzz', name: 'answers or VM states that the decoded requests do not explain', unit: '', target: { basis: 'value', op: '<=', value: 0 } }, [report.failures.length]),
  ];
}

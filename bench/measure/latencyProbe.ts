// The latency a light client sees while something else loads the server: a health check and a
// small unary call (ENQUEUE of one interrupt), each from its own h2load with one call in flight,
// run side by side for the same window. Used by the heavy-call and the scrape sections.

import { irqsToMessages } from '../../src/proto/messages.js';
import { h2load, noCallAnswered, type Latency } from '../load/h2load.js';
import type { RequestFiles } from '../load/grpcFrame.js';
import { ioIrq } from '../../test/support/workload.js';

export interface ProbeResult {
  readonly health: Latency;
  readonly unary: Latency;
  readonly healthCalls: number;
  readonly unaryCalls: number;
  /** A probe whose one call did not come back within the window: its latency is the window (a lower bound). */
  readonly stalled: boolean;
}

export interface Probe {
  run(port: number, seconds: number): Promise<ProbeResult>;
}

/** A probe of the server's health check and of unary ENQUEUE of one interrupt into `vmId`. */
export function latencyProbe(files: RequestFiles, vmId: string): Probe {
  const health = files.prepareHealthCheck();
  const unary = files.prepare('Enqueue', vmId, { vmId, irqs: irqsToMessages([ioIrq(5)]) });
  return {
    async run(port, seconds) {
      const windowMs = seconds * 1000;
      const one = async (request: typeof health, name: string): Promise<{ latency: Latency; calls: number; stalled: boolean }> => {
        try {
          const r = await h2load({ port, request, clients: 1, streams: 1, seconds, logFile: files.scratch(name), replyBytes: 5 });
          return { latency: r.latency!, calls: r.succeeded, stalled: false };
        } catch (err) {
          // The server did not answer the probe's one call within the window at all.
          if (!noCallAnswered(err)) throw err;
          return { latency: { p50Ms: windowMs, p99Ms: windowMs, meanMs: windowMs }, calls: 0, stalled: true };
        }
      };
      const [h, u] = await Promise.all([one(health, 'health.log'), one(unary, 'probe.log')]);
      return { health: h.latency, unary: u.latency, healthCalls: h.calls, unaryCalls: u.calls, stalled: h.stalled || u.stalled };
    },
  };
}

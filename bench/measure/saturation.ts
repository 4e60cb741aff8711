// The proof that the load generator is not the bottleneck: unary ENQUEUE throughput of both
// servers as h2load adds connections and streams. The baseline's throughput stops rising while
// its process uses a whole core; h2load itself stays far below one.

import { irqsToMessages } from '../../src/proto/messages.js';
import type { PreparedRequest } from '../load/grpcFrame.js';
import { h2load } from '../load/h2load.js';
import { ioIrq } from '../../test/support/workload.js';
import type { BenchContext, Side } from './context.js';
import { BENCH_VM, clearBenchVms } from './vms.js';

const QUICK_SHAPES = [
  [1, 1],
  [1, 16],
  [4, 16],
  [16, 32],
] as const;

export const SHAPES = [
  [1, 1],
  [1, 4],
  [1, 16],
  [4, 16],
  [4, 32],
  [8, 32],
  [16, 32],
] as const;

export interface SaturationPoint {
  readonly clients: number;
  readonly streams: number;
  readonly inFlight: number;
  readonly flic: { readonly callsPerSec: number; readonly cpu: number };
  readonly baseline: { readonly callsPerSec: number; readonly cpu: number };
}

async function point(
  s: Side,
  request: PreparedRequest,
  clients: number,
  streams: number,
  seconds: number,
): Promise<{ callsPerSec: number; cpu: number }> {
  await clearBenchVms(s.client, [BENCH_VM]);
  const t0 = performance.now();
  const r = await h2load({ port: s.server.port, request, clients, streams, seconds, replyBytes: 5, serverPid: s.server.pid });
  const wall = (performance.now() - t0) / 1000;
  return { callsPerSec: r.reqPerSec, cpu: r.serverCpuSeconds! / wall };
}

export async function measureSaturation(ctx: BenchContext): Promise<SaturationPoint[]> {
  const seconds = ctx.sizes.quick ? 0.5 : 1;
  const out: SaturationPoint[] = [];
  const request = ctx.files.prepare('Enqueue', BENCH_VM, { vmId: BENCH_VM, irqs: irqsToMessages([ioIrq(5)]) });
  for (const [clients, streams] of ctx.sizes.quick ? QUICK_SHAPES : SHAPES) {
    ctx.log(`saturation: h2load -c ${clients} -m ${streams}`);
    const flic = await point(ctx.flic, request, clients, streams, seconds);
    const baseline = await point(ctx.baseline, request, clients, streams, seconds);
    out.push({ clients, streams, inFlight: clients * streams, flic, baseline });
  }
  await clearBenchVms(ctx.flic.client, [BENCH_VM]);
  return out;
}

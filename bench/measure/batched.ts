// Section 2: ENQUEUE in batches of 1,000 interrupts, typed (Enqueue) and raw (SetDeviceAttr of
// 72,000 bytes), in interrupts per second. The I/O queue holds 266,250 interrupts, so a timed run
// is a series of legs: empty the queue, send a fixed number of batches that stays below the limit;
// the legs repeat until their h2load time adds up to the run's length (one leg of raw batches
// lasts about 0.2 s, too short to measure alone on a shared machine).

import { KVM_DEV_FLIC_ENQUEUE, KVM_S390_IRQ_SIZE, encodeIrqs } from '../../src/device/index.js';
import { irqsToMessages } from '../../src/proto/messages.js';
import type { PreparedRequest } from '../load/grpcFrame.js';
import { h2load } from '../load/h2load.js';
import { injectedTotal } from '../load/metrics.js';
import { ioIrqs } from '../../test/support/workload.js';
import { compared, type Figure } from '../report/figures.js';
import type { BenchContext, Side } from './context.js';
import { BENCH_VM, clearBenchVms } from './vms.js';

export const BATCH = 1000;
/** Batches per leg: 200,000 interrupts, below the 266,250 limit. */
export const FULL_BATCHES = 200;
export const QUICK_BATCHES = 100;
/** Enough in flight to keep the server busy while one batch is decoded. */
export const CLIENTS = 2;
export const STREAMS = 2;

export interface BatchRun {
  readonly irqsPerSec: number;
  /** Server CPU per interrupt, in ns. */
  readonly cpuNsPerIrq: number;
}

/** Legs of `batches` calls until `seconds` of h2load time have passed. */
export async function batchedRun(
  ctx: BenchContext,
  s: Side,
  request: PreparedRequest,
  batches: number,
  seconds: number,
  inFlight: { readonly clients: number; readonly streams: number } = { clients: CLIENTS, streams: STREAMS },
): Promise<BatchRun> {
  await s.server.gc();
  const isFlic = s === ctx.flic;
  const before = isFlic ? await injectedTotal(s.server.metricsPort!, 'io') : 0;
  let succeeded = 0;
  let wall = 0;
  let cpu = 0;
  do {
    await clearBenchVms(s.client, [BENCH_VM]);
    const r = await h2load({
      port: s.server.port,
      request,
      clients: inFlight.clients,
      streams: inFlight.streams,
      requests: batches,
      replyBytes: 5,
      serverPid: s.server.pid,
    });
    succeeded += r.succeeded;
    wall += r.seconds;
    cpu += r.serverCpuSeconds!;
  } while (wall < seconds);
  if (isFlic) {
    const delta = (await injectedTotal(s.server.metricsPort!, 'io')) - before;
    if (delta !== succeeded * BATCH) throw new Error(`batched: ${succeeded} batches succeeded but flic injected ${delta}`);
  }
  const irqs = succeeded * BATCH;
  return { irqsPerSec: irqs / wall, cpuNsPerIrq: (cpu / irqs) * 1e9 };
}

/** The two batch requests of this section (also profiled by profile.ts). */
export function batchRequests(ctx: Pick<BenchContext, 'files'>): { typed: PreparedRequest; raw: PreparedRequest } {
  const irqs = ioIrqs(BATCH);
  const raw = encodeIrqs(irqs);
  return {
    typed: ctx.files.prepare('Enqueue', BENCH_VM, { vmId: BENCH_VM, irqs: irqsToMessages(irqs) }),
    raw: ctx.files.prepare('SetDeviceAttr', BENCH_VM, {
      vmId: BENCH_VM,
      flags: 0,
      group: KVM_DEV_FLIC_ENQUEUE,
      attr: raw.length,
      data: raw,
      badAddr: false,
    }),
  };
}

export async function measureBatched(ctx: BenchContext): Promise<Figure[]> {
  const requests = batchRequests(ctx);
  const cases: { id: string; label: string; request: PreparedRequest }[] = [
    { id: 'batched.Enqueue', label: 'ENQUEUE 1,000 interrupts per call (typed Enqueue)', request: requests.typed },
    {
      id: 'batched.SetDeviceAttr',
      label: `ENQUEUE ${(BATCH * KVM_S390_IRQ_SIZE).toLocaleString('en')} bytes per call (raw SetDeviceAttr)`,
      request: requests.raw,
    },
  ];
  const batches = ctx.sizes.quick ? QUICK_BATCHES : FULL_BATCHES;
  const figures: Figure[] = [];
  for (const c of cases) {
    ctx.log(`batched: ${c.label}`);
    // Half the unary runs' length is enough here: every leg is the same fixed work.
    const seconds = ctx.sizes.seconds / 2;
    for (const s of [ctx.flic, ctx.baseline]) await batchedRun(ctx, s, c.request, batches, 0);
    const flic: BatchRun[] = [];
    const baseline: BatchRun[] = [];
    for (let r = 0; r < ctx.sizes.rounds; r++) {
      flic.push(await batchedRun(ctx, ctx.flic, c.request, batches, seconds));
      baseline.push(await batchedRun(ctx, ctx.baseline, c.request, batches, seconds));
    }
    figures.push(
      compared(
        {
          id: c.id,
          section: '2 batched',
          name: `${c.label}, legs of ${batches} calls for ${seconds} s per run, ${CLIENTS * STREAMS} in flight`,
          unit: 'irqs/s',
          target: { basis: 'ratio', op: '>=', value: 0.8 },
        },
        flic.map((r) => r.irqsPerSec),
        baseline.map((r) => r.irqsPerSec),
      ),
      compared(
        {
          id: `${c.id}.cpu`,
          section: '2 batched',
          name: `${c.label}: server CPU per interrupt`,
          unit: 'ns',
          target: null,
        },
        flic.map((r) => r.cpuNsPerIrq),
        baseline.map((r) => r.cpuNsPerIrq),
      ),
    );
  }
  await clearBenchVms(ctx.flic.client, [BENCH_VM]);
  return figures;
}

// Section 2: ENQUEUE in batches of 1,000 interrupts, typed (Enqueue) and raw (SetDeviceAttr of
// 72,000 bytes), in interrupts per second. Each run sends a fixed number of batches that stays
// below the I/O queue limit, and the queue is emptied before every run.

import { KVM_DEV_FLIC_ENQUEUE, KVM_S390_IRQ_SIZE, encodeIrqs } from '../../src/device/index.js';
import { irqsToMessages } from '../../src/proto/messages.js';
import type { PreparedRequest } from '../load/grpcFrame.js';
import { h2load } from '../load/h2load.js';
import { sample, scrape } from '../load/metrics.js';
import { ioIrqs } from '../load/workload.js';
import { compared, type Figure } from '../report/figures.js';
import type { BenchContext, Side } from './context.js';
import { BENCH_VM, clearBenchVms } from './vms.js';

export const BATCH = 1000;
/** Batches per run: 200,000 interrupts, below the 266,250 limit. */
const FULL_BATCHES = 200;
const QUICK_BATCHES = 100;
const WARMUP_BATCHES = 50;
/** Enough in flight to keep the server busy while one batch is decoded. */
const CLIENTS = 2;
const STREAMS = 2;

interface BatchRun {
  readonly irqsPerSec: number;
  /** Server CPU per interrupt, in ns. */
  readonly cpuNsPerIrq: number;
}

async function run(ctx: BenchContext, s: Side, request: PreparedRequest, batches: number): Promise<BatchRun> {
  await clearBenchVms(s.client, [BENCH_VM]);
  await s.server.gc();
  const before = s === ctx.flic ? sample((await scrape(s.server.metricsPort!)).text, 'flic_interrupts_injected_total', 'class="io"') : 0;
  const r = await h2load({
    port: s.server.port,
    request,
    clients: CLIENTS,
    streams: STREAMS,
    requests: batches,
    replyBytes: 5,
    serverPid: s.server.pid,
  });
  if (s === ctx.flic) {
    const delta = sample((await scrape(s.server.metricsPort!)).text, 'flic_interrupts_injected_total', 'class="io"') - before;
    if (delta !== r.succeeded * BATCH) throw new Error(`batched: ${r.succeeded} batches succeeded but flic injected ${delta}`);
  }
  const irqs = r.succeeded * BATCH;
  return { irqsPerSec: irqs / r.seconds, cpuNsPerIrq: (r.serverCpuSeconds! / irqs) * 1e9 };
}

export async function measureBatched(ctx: BenchContext): Promise<Figure[]> {
  const irqs = ioIrqs(BATCH);
  const raw = encodeIrqs(irqs);
  const cases: { id: string; label: string; request: PreparedRequest }[] = [
    {
      id: 'batched.Enqueue',
      label: 'ENQUEUE 1,000 interrupts per call (typed Enqueue)',
      request: ctx.files.prepare('Enqueue', BENCH_VM, { vmId: BENCH_VM, irqs: irqsToMessages(irqs) }),
    },
    {
      id: 'batched.SetDeviceAttr',
      label: `ENQUEUE ${(BATCH * KVM_S390_IRQ_SIZE).toLocaleString('en')} bytes per call (raw SetDeviceAttr)`,
      request: ctx.files.prepare('SetDeviceAttr', BENCH_VM, {
        vmId: BENCH_VM,
        flags: 0,
        group: KVM_DEV_FLIC_ENQUEUE,
        attr: raw.length,
        data: raw,
        badAddr: false,
      }),
    },
  ];
  const batches = ctx.sizes.quick ? QUICK_BATCHES : FULL_BATCHES;
  const figures: Figure[] = [];
  for (const c of cases) {
    ctx.log(`batched: ${c.label}`);
    for (const s of [ctx.flic, ctx.baseline]) await run(ctx, s, c.request, WARMUP_BATCHES);
    const flic: BatchRun[] = [];
    const baseline: BatchRun[] = [];
    for (let r = 0; r < ctx.sizes.rounds; r++) {
      flic.push(await run(ctx, ctx.flic, c.request, batches));
      baseline.push(await run(ctx, ctx.baseline, c.request, batches));
    }
    figures.push(
      compared(
        {
          id: c.id,
          section: '2 batched',
          name: `${c.label}, ${batches} calls per run, ${CLIENTS * STREAMS} in flight`,
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

// Section 3: GET_ALL_IRQS of a full I/O queue (266,250 interrupts, 19.17 MB of kernel records),
// typed (GetAllIrqs) and raw (GetDeviceAttr), against a baseline that answers the same records
// from a reply it builds at its first GET_ALL_IRQS call. Also section 5's memory per pending
// interrupt: the full queue is filled here, its subchannel index is built (flic builds it at the
// first CLEAR_IO_IRQ), and flic's own /metrics (after a full GC) gives the heap and RSS it costs.

import {
  KVM_DEV_FLIC_ENQUEUE,
  KVM_DEV_FLIC_GET_ALL_IRQS,
  KVM_S390_FLIC_MAX_BUFFER,
  KVM_S390_IRQ_SIZE,
  KVM_S390_MAX_FLOAT_IRQS,
} from '../../src/device/index.js';
import type { PreparedRequest } from '../load/grpcFrame.js';
import { h2load } from '../load/h2load.js';
import { processMemory, scrape, type ProcessMemory } from '../load/metrics.js';
import { ABSENT_SUBCHANNEL, fullQueueIrqs, rawChunks } from '../../test/support/workload.js';
import { alone, compared, type Figure } from '../report/figures.js';
import type { BenchContext, Side } from './context.js';
import { FULL_VM } from './vms.js';

/** Records per filling call: 72,000-byte SetDeviceAttr calls, as a harness would send them. */
const FILL_CHUNK = 1000;

export async function fillFullQueue(s: Side, vmId: string): Promise<void> {
  const vm = s.client.vm(vmId);
  await vm.clearIrqs();
  for (const data of rawChunks(fullQueueIrqs(), FILL_CHUNK)) {
    await vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(data.length), data, badAddr: false });
  }
}

export async function gcMemory(s: Side): Promise<ProcessMemory> {
  await s.server.gc();
  return processMemory((await scrape(s.server.metricsPort!)).text);
}

/** GET_ALL_IRQS of the full VM with the largest buffer, typed (GetAllIrqs) and raw (GetDeviceAttr). */
export function getAllRequests(ctx: Pick<BenchContext, 'files'>): { typed: PreparedRequest; raw: PreparedRequest } {
  return {
    typed: ctx.files.prepare('GetAllIrqs', FULL_VM, { vmId: FULL_VM, bufferLen: KVM_S390_FLIC_MAX_BUFFER }),
    raw: ctx.files.prepare('GetDeviceAttr', FULL_VM, {
      vmId: FULL_VM,
      flags: 0,
      group: KVM_DEV_FLIC_GET_ALL_IRQS,
      attr: KVM_S390_FLIC_MAX_BUFFER,
      data: new Uint8Array(0),
      badAddr: false,
    }),
  };
}

interface TimedGet {
  readonly ms: number;
  readonly replyBytes: number;
}

async function timedGet(ctx: BenchContext, s: Side, request: PreparedRequest, calls: number): Promise<TimedGet> {
  await s.server.gc();
  const r = await h2load({ port: s.server.port, request, clients: 1, streams: 1, requests: calls, logFile: ctx.files.scratch('getall.log') });
  return { ms: r.latency!.p50Ms, replyBytes: r.dataBytes / r.succeeded };
}

export async function measureGetAll(ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  ctx.log('GET_ALL_IRQS: filling a full I/O queue');
  const before = await gcMemory(ctx.flic);
  await fillFullQueue(ctx.flic, FULL_VM);
  const unindexed = await gcMemory(ctx.flic);
  // The worst case includes the subchannel index over the full queue.
  await ctx.flic.client.vm(FULL_VM).clearIoIrq(ABSENT_SUBCHANNEL.subchannelId, ABSENT_SUBCHANNEL.subchannelNr);
  const after = await gcMemory(ctx.flic);
  const n = KVM_S390_MAX_FLOAT_IRQS;
  const heap = (m: ProcessMemory): number => m.heapUsedBytes + m.externalBytes;
  const heapDelta = heap(after) - heap(before);
  figures.push(
    alone(
      {
        id: 'memory.perInterrupt.heap',
        section: '5 memory',
        name: `heap + external per pending I/O interrupt (${n.toLocaleString('en')} pending, subchannel index built, after GC)`,
        unit: 'B',
        target: null,
        note:
          `heap ${fmtDelta(after.heapUsedBytes - before.heapUsedBytes)}, external ${fmtDelta(after.externalBytes - before.externalBytes)}; ` +
          `${((heap(unindexed) - heap(before)) / n).toFixed(0)} B per interrupt before the first CLEAR_IO_IRQ built the index`,
      },
      [heapDelta / n],
    ),
    alone(
      {
        id: 'memory.perInterrupt.rss',
        section: '5 memory',
        name: `RSS per pending I/O interrupt (${n.toLocaleString('en')} pending)`,
        unit: 'B',
        target: null,
        note: `RSS ${fmtDelta(after.rssBytes - before.rssBytes)}; RSS also keeps memory freed after the filling calls`,
      },
      [(after.rssBytes - before.rssBytes) / n],
    ),
  );

  const recordBytes = n * KVM_S390_IRQ_SIZE;
  const requests = getAllRequests(ctx);
  // A typed reply takes over a second to encode; a raw one some tens of milliseconds.
  const cases: { id: string; label: string; request: PreparedRequest; calls: number }[] = [
    {
      id: 'getall.GetAllIrqs',
      label: `GET_ALL_IRQS of a full I/O queue, typed (GetAllIrqs, ${n.toLocaleString('en')} Interrupt messages)`,
      request: requests.typed,
      calls: 1,
    },
    {
      id: 'getall.GetDeviceAttr',
      label: `GET_ALL_IRQS of a full I/O queue, raw (GetDeviceAttr, ${(recordBytes / 1e6).toFixed(2)} MB)`,
      request: requests.raw,
      calls: 5,
    },
  ];
  for (const c of cases) {
    ctx.log(`GET_ALL_IRQS: ${c.label}`);
    // The baseline builds its replies at its first GET_ALL_IRQS call, so it always gets one untimed call.
    for (const s of ctx.sizes.quick ? [ctx.baseline] : [ctx.flic, ctx.baseline]) await timedGet(ctx, s, c.request, 1);
    const flic: TimedGet[] = [];
    const baseline: TimedGet[] = [];
    for (let r = 0; r < ctx.sizes.rounds; r++) {
      flic.push(await timedGet(ctx, ctx.flic, c.request, c.calls));
      baseline.push(await timedGet(ctx, ctx.baseline, c.request, c.calls));
    }
    const fb = flic[0]!.replyBytes;
    const bb = baseline[0]!.replyBytes;
    if (fb !== bb) throw new Error(`${c.id}: flic answers ${fb} bytes, the baseline ${bb}: not the same reply`);
    figures.push(
      compared(
        {
          id: c.id,
          section: '3 GET_ALL_IRQS',
          name: `${c.label}: time per call${c.calls > 1 ? ` (median of ${c.calls} per round)` : ''}`,
          unit: 'ms',
          target: { basis: 'ratio', op: '<=', value: 1.3 },
          note: `reply ${(fb / 1e6).toFixed(2)} MB on the wire, identical for flic and the baseline`,
        },
        flic.map((t) => t.ms),
        baseline.map((t) => t.ms),
      ),
    );
  }
  // Spot check with the real client: every record comes back.
  const irqs = await ctx.flic.client.vm(FULL_VM).getAllIrqs(BigInt(KVM_S390_FLIC_MAX_BUFFER));
  if (irqs.length !== n) throw new Error(`spot check: GetAllIrqs returned ${irqs.length} records, expected ${n}`);
  await ctx.flic.client.vm(FULL_VM).clearIrqs();
  return figures;
}

function fmtDelta(bytes: number): string {
  return `${bytes >= 0 ? '+' : ''}${(bytes / 1e6).toFixed(1)} MB`;
}

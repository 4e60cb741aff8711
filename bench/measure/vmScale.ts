// Section 4 (VM count), 5 (memory per idle VM) and 6 (metrics scrape time), on a fresh flic:
// the probe VM alone, then 1,000 VMs, then the largest count. Every VM is created through the
// server (CreateVm + CreateDevice), and memory is read from flic's own /metrics after a full GC.

import { alone, type Figure } from '../report/figures.js';
import { scrape, type ProcessMemory } from '../load/metrics.js';
import { KVM_DEV_TYPE_FLIC } from '../../src/device/index.js';
import { bulkCalls, type BulkCall } from '../load/bulkCalls.js';
import { grpcFrame, methodPath, serialize } from '../load/grpcFrame.js';
import type { BenchContext } from './context.js';
import { gcMemory } from './getAll.js';
import { growthFigures, measurePoints, pointFigures, type ScalePoint } from './growth.js';
import { pairRun, setDepth } from './pair.js';
import { DEPTH_VM, createFlicVm } from './vms.js';

/** The probe VM's queue depth while VMs are counted. */
const PROBE_DEPTH = 10;
const CREATE_IN_FLIGHT = 64;

/** VMs created per step: all their CreateVm calls, then all their CreateDevice calls. */
const CREATE_STEP = 5000;

/**
 * Creates VMs from..to-1 in flic. The baseline gets the same calls in the same steps (it keeps
 * nothing), so both servers reach every point with the same call history and only flic's VMs
 * tell them apart.
 */
async function growTo(ctx: BenchContext, from: number, to: number): Promise<void> {
  const t0 = Date.now();
  for (let lo = from; lo < to; lo += CREATE_STEP) {
    const ids = Array.from({ length: Math.min(CREATE_STEP, to - lo) }, (_, i) => `idle-${lo + i}`);
    const call = (method: 'CreateVm' | 'CreateDevice', vmId: string): BulkCall => ({
      path: methodPath(method),
      vmId,
      frame: grpcFrame(
        method === 'CreateVm' ? serialize('CreateVm', { vmId }) : serialize('CreateDevice', { vmId, type: KVM_DEV_TYPE_FLIC, flags: 0 }),
      ),
    });
    for (const s of [ctx.flic, ctx.baseline]) {
      await bulkCalls(s.server.port, ids.map((id) => call('CreateVm', id)), CREATE_IN_FLIGHT);
      await bulkCalls(s.server.port, ids.map((id) => call('CreateDevice', id)), CREATE_IN_FLIGHT);
    }
  }
  ctx.log(`  created VMs ${from.toLocaleString('en')} → ${to.toLocaleString('en')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function scrapeTimes(ctx: BenchContext, vms: number): Promise<Figure> {
  const times: number[] = [];
  let bytes = 0;
  const n = ctx.sizes.quick ? 5 : 10;
  for (let i = 0; i < n; i++) {
    const s = await scrape(ctx.flic.server.metricsPort!);
    times.push(s.ms);
    bytes = s.bytes;
  }
  return alone(
    {
      id: `scrape.${vms}`,
      section: '6 metrics scrape',
      name: `GET /metrics with ${vms.toLocaleString('en')} VMs (median of ${n})`,
      unit: 'ms',
      target: vms <= 1000 ? { basis: 'value', op: '<=', value: 100 } : null,
      note: `${(bytes / 1024).toFixed(0)} KiB of exposition text; slowest ${Math.max(...times).toFixed(1)} ms`,
    },
    times,
  );
}

export async function measureVmScale(ctx: BenchContext): Promise<{ points: ScalePoint[]; figures: Figure[] }> {
  const counts = [1, 1000, ctx.sizes.maxVms];
  const points: ScalePoint[] = [];
  const figures: Figure[] = [];
  const memory = new Map<number, ProcessMemory>();
  await createFlicVm(ctx.flic.client, DEPTH_VM);
  // Both servers are fresh here: their JIT needs more than one point's warm-up.
  for (const s of [ctx.flic, ctx.baseline]) {
    await setDepth(s, DEPTH_VM, PROBE_DEPTH);
    await pairRun(ctx, s, DEPTH_VM, 3 * ctx.sizes.warmup);
  }
  let have = 1;
  for (const count of counts) {
    if (count > have) {
      await growTo(ctx, have, count);
      have = count;
    }
    memory.set(count, await gcMemory(ctx.flic));
    if (count >= 1000) figures.push(await scrapeTimes(ctx, count));
    ctx.log(`cost growth: ${count.toLocaleString('en')} VMs`);
    points.push(...(await measurePoints(ctx, 'vms', DEPTH_VM, [{ x: count, depth: PROBE_DEPTH }])));
  }
  const small = memory.get(1000)!;
  const large = memory.get(ctx.sizes.maxVms)!;
  const n = ctx.sizes.maxVms - 1000;
  const heap = (m: ProcessMemory): number => m.heapUsedBytes + m.externalBytes;
  figures.push(
    alone(
      {
        id: 'memory.perVm.heap',
        section: '5 memory',
        name: `heap + external per idle VM with a FLIC (1,000 → ${ctx.sizes.maxVms.toLocaleString('en')} VMs, after GC)`,
        unit: 'B',
        target: null,
      },
      [(heap(large) - heap(small)) / n],
    ),
    alone(
      {
        id: 'memory.perVm.rss',
        section: '5 memory',
        name: `RSS per idle VM with a FLIC (1,000 → ${ctx.sizes.maxVms.toLocaleString('en')} VMs)`,
        unit: 'B',
        target: null,
        note: `RSS ${((large.rssBytes - small.rssBytes) / 1e6).toFixed(1)} MB more at ${ctx.sizes.maxVms.toLocaleString('en')} VMs`,
      },
      [(large.rssBytes - small.rssBytes) / n],
    ),
  );
  const pf = points.flatMap(pointFigures);
  return { points, figures: [...pf, ...growthFigures(points, pf), ...figures] };
}

// Section 4: how the cost of a unary ENQUEUE and CLEAR_IO_IRQ grows with the queue depth
// (10, 10,000, 266,000 pending) and with the number of VMs (1, 1,000, 100,000), each point
// against the baseline in interleaved rounds; the growth is read on the flic/baseline ratio so
// that the machine's drift between points cancels out.

import { KVM_S390_MAX_FLOAT_IRQS } from '../../src/device/index.js';
import { compared, median, meets, type Figure, type Target } from '../report/figures.js';
import { sectionRounds, type BenchContext, type Side } from './context.js';
import { pairRun, setDepth, type PairResult } from './pair.js';

/** The depths of section 4 (266,000: 250 below the I/O limit, so enqueues can run ahead a little). */
export const DEPTHS = [10, 10_000, KVM_S390_MAX_FLOAT_IRQS - 250] as const;
const GROWTH_TARGET: Target = { basis: 'value', op: '<=', value: 10 };

export interface ScalePoint {
  /** 'depth' or 'vms', and the value on that axis. */
  readonly axis: 'depth' | 'vms';
  readonly x: number;
  readonly flic: readonly PairResult[];
  readonly baseline: readonly PairResult[];
}

/** One point of an axis: its value, and the queue depth that the probe VM is set to. */
interface PointSpec {
  readonly x: number;
  readonly depth: number;
}

/**
 * Interleaved rounds of the ENQUEUE/CLEAR_IO_IRQ pair at several points of one axis: each round
 * visits every point, flic then the baseline, so slow drift of the machine spreads evenly over
 * the points instead of tilting the axis.
 */
export async function measurePoints(
  ctx: BenchContext,
  axis: ScalePoint['axis'],
  vmId: string,
  specs: readonly PointSpec[],
): Promise<ScalePoint[]> {
  const results = specs.map(() => ({ flic: [] as PairResult[], baseline: [] as PairResult[] }));
  // Setting a deep queue leaves its request buffers behind: collect them before each timed run.
  const prepare = async (s: Side, depth: number): Promise<void> => {
    await (s === ctx.flic ? setDepth(s, vmId, depth) : s.client.vm(vmId).clearIrqs());
    await s.server.gc();
  };
  for (const s of [ctx.flic, ctx.baseline]) {
    await prepare(s, specs[0]!.depth);
    await pairRun(ctx, s, vmId, ctx.sizes.warmup);
  }
  for (let r = 0; r < sectionRounds(ctx.sizes); r++) {
    for (const [i, spec] of specs.entries()) {
      for (const [s, out] of [[ctx.flic, results[i]!.flic], [ctx.baseline, results[i]!.baseline]] as const) {
        await prepare(s, spec.depth);
        out.push(await pairRun(ctx, s, vmId, ctx.sizes.seconds));
      }
    }
  }
  await ctx.flic.client.vm(vmId).clearIrqs();
  return specs.map((spec, i) => ({ axis, x: spec.x, ...results[i]! }));
}

function pointLabel(p: ScalePoint): string {
  return p.axis === 'depth' ? `${p.x.toLocaleString('en')} pending` : `${p.x.toLocaleString('en')} VMs`;
}

function depthNote(p: ScalePoint): string {
  const before = p.flic.map((r) => r.depthBefore ?? NaN);
  const after = p.flic.map((r) => r.depthAfter ?? NaN);
  const eff = p.flic.map((r) => r.effectiveClears ?? NaN);
  return (
    `VM depth before/after each run ${Math.min(...before)}–${Math.max(...before)} / ${Math.min(...after)}–${Math.max(...after)}; ` +
    `${(median(eff) * 100).toFixed(0)}% of CLEAR_IO_IRQ calls removed an interrupt`
  );
}

export function pointFigures(p: ScalePoint): Figure[] {
  const section = '4 cost growth';
  const id = `growth.${p.axis}.${p.x}`;
  const label = pointLabel(p);
  const out: Figure[] = [];
  for (const [op, key, lat] of [
    ['ENQUEUE', 'enqueuePerSec', 'enqueueLatency'],
    ['CLEAR_IO_IRQ', 'clearPerSec', 'clearLatency'],
  ] as const) {
    out.push(
      compared(
        { id: `${id}.${op}`, section, name: `unary ${op} with ${label}: throughput`, unit: 'calls/s', target: null, note: depthNote(p) },
        p.flic.map((r) => r[key]),
        p.baseline.map((r) => r[key]),
      ),
      compared(
        { id: `${id}.${op}.p50`, section, name: `unary ${op} with ${label}: p50 latency`, unit: 'ms', target: null },
        p.flic.map((r) => r[lat].p50Ms),
        p.baseline.map((r) => r[lat].p50Ms),
      ),
      compared(
        { id: `${id}.${op}.p99`, section, name: `unary ${op} with ${label}: p99 latency`, unit: 'ms', target: null },
        p.flic.map((r) => r[lat].p99Ms),
        p.baseline.map((r) => r[lat].p99Ms),
      ),
    );
  }
  out.push(
    compared(
      { id: `${id}.cpu`, section, name: `ENQUEUE + CLEAR_IO_IRQ with ${label}: server CPU per call`, unit: 'µs', target: null },
      p.flic.map((r) => r.cpuPerCallUs),
      p.baseline.map((r) => r.cpuPerCallUs),
    ),
  );
  return out;
}

/**
 * The growth across one axis: the largest flic/baseline throughput ratio over the smallest, minus
 * one, in percent (0% = flat).
 */
export function growthFigures(points: readonly ScalePoint[], figures: readonly Figure[]): Figure[] {
  const axis = points[0]!.axis;
  const out: Figure[] = [];
  for (const op of ['ENQUEUE', 'CLEAR_IO_IRQ'] as const) {
    const at = points.map((p) => figures.find((f) => f.id === `growth.${p.axis}.${p.x}.${op}`)!);
    const ratios = at.map((f) => f.ratio!.median);
    const growth = (Math.max(...ratios) / Math.min(...ratios) - 1) * 100;
    const labels = points.map(pointLabel);
    const cpu = points.map((p) => figures.find((f) => f.id === `growth.${p.axis}.${p.x}.cpu`)!.ratio!.median);
    out.push({
      id: `growth.${axis}.${op}`,
      section: '4 cost growth',
      name: `unary ${op} across ${labels.join(' / ')}: spread of the flic/baseline throughput ratio`,
      unit: '%',
      flic: growth,
      baseline: null,
      ratio: null,
      target: GROWTH_TARGET,
      met: meets(GROWTH_TARGET, null, growth),
      rounds: { flic: [growth], baseline: null },
      note:
        `throughput ratios ${ratios.map((r) => r.toFixed(3)).join(' / ')}; ` +
        `flic ${at.map((f) => Math.round(f.flic).toLocaleString('en')).join(' / ')} calls/s; ` +
        `server CPU per call, flic ÷ baseline: ${cpu.map((r) => r.toFixed(3)).join(' / ')}`,
    });
  }
  return out;
}

export async function measureDepthGrowth(ctx: BenchContext, vmId: string): Promise<{ points: ScalePoint[]; figures: Figure[] }> {
  ctx.log(`cost growth: ${DEPTHS.map((d) => d.toLocaleString('en')).join(' / ')} pending, interleaved`);
  const points = await measurePoints(
    ctx,
    'depth',
    vmId,
    DEPTHS.map((d) => ({ x: d, depth: d })),
  );
  const figures = points.flatMap(pointFigures);
  return { points, figures: [...figures, ...growthFigures(points, figures)] };
}

// The cost-growth probe: unary ENQUEUE and CLEAR_IO_IRQ of one subchannel, run at the same time
// by two h2load processes, so that each clear removes the interrupt an enqueue just added and the
// queue depth stays where it was set. The probe subchannel's interrupts queue on the last ISC,
// behind every other pending interrupt, where a scanning CLEAR_IO_IRQ would find them last.
//
// CLEAR starts first and stops last (LEAD_S on each side), and the rates are counted inside the
// ENQUEUE run's window from h2load's per-request logs, so both rates cover the same interval.

import { KVM_DEV_FLIC_ENQUEUE } from '../../src/device/index.js';
import { irqsToMessages } from '../../src/proto/messages.js';
import type { PreparedRequest } from '../load/grpcFrame.js';
import { cpuSeconds } from '../load/cpu.js';
import { h2load, type Latency } from '../load/h2load.js';
import { sample, scrape } from '../load/metrics.js';
import { ABSENT_SUBCHANNEL, ioIrqs, probeIrq, rawChunks } from '../../test/support/workload.js';
import type { BenchContext, Side } from './context.js';

const LEAD_S = 0.2;
/** Streams in flight per side (one connection each): 32 calls in flight in total. */
const STREAMS = 16;
/** Probe interrupts queued before the run, so early clears have something to remove. */
const MAX_STOCK = 1000;
const FILL_CHUNK = 10_000;

export interface PairResult {
  readonly enqueuePerSec: number;
  readonly clearPerSec: number;
  readonly enqueueLatency: Latency;
  readonly clearLatency: Latency;
  /** flic only: pending interrupts of the VM before and after the run. */
  readonly depthBefore: number | null;
  readonly depthAfter: number | null;
  /** flic only: the share of CLEAR_IO_IRQ calls that removed an interrupt. */
  readonly effectiveClears: number | null;
  /** Server CPU per call (both kinds, over both runs), in µs. */
  readonly cpuPerCallUs: number;
}

interface PairRequests {
  readonly enqueue: PreparedRequest;
  readonly clear: PreparedRequest;
}

const prepared = new Map<string, PairRequests>();

function requests(ctx: BenchContext, vmId: string): PairRequests {
  let r = prepared.get(vmId);
  if (r === undefined) {
    r = {
      enqueue: ctx.files.prepare('Enqueue', vmId, { vmId, irqs: irqsToMessages([probeIrq]) }),
      clear: ctx.files.prepare('ClearIoIrq', vmId, {
        vmId,
        subchannelId: probeIrq.subchannelId,
        subchannelNr: probeIrq.subchannelNr,
      }),
    };
    prepared.set(vmId, r);
  }
  return r;
}

export function stockFor(depth: number): number {
  return Math.min(MAX_STOCK, Math.floor(depth / 2));
}

/** Filler records per depth, built once: the bench process should stay idle while servers run. */
const fillers = new Map<number, Uint8Array[]>();

/**
 * Empties the VM and queues `depth` interrupts: fillers on every ISC, then the probe's stock; then
 * one CLEAR_IO_IRQ that removes nothing but builds flic's subchannel index.
 */
export async function setDepth(s: Side, vmId: string, depth: number): Promise<void> {
  const vm = s.client.vm(vmId);
  await vm.clearIrqs();
  const stock = stockFor(depth);
  let chunks = fillers.get(depth);
  if (chunks === undefined) {
    chunks = rawChunks(ioIrqs(depth - stock), FILL_CHUNK);
    fillers.set(depth, chunks);
  }
  for (const data of chunks) {
    await vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(data.length), data, badAddr: false });
  }
  if (stock > 0) await vm.enqueue(Array.from({ length: stock }, () => probeIrq));
  // This axis measures the steady cost per call, so the one-time index build is done here.
  await vm.clearIoIrq(ABSENT_SUBCHANNEL.subchannelId, ABSENT_SUBCHANNEL.subchannelNr);
}

async function vmDepth(port: number, vmId: string): Promise<number> {
  return sample((await scrape(port)).text, 'flic_vm_pending_interrupts', `vm="${vmId}"`);
}

async function cleared(port: number): Promise<number> {
  return sample((await scrape(port)).text, 'flic_interrupts_cleared_total');
}

function latencyOf(durationsMs: number[]): Latency {
  const d = Float64Array.from(durationsMs).sort();
  const at = (p: number): number => d[Math.min(d.length - 1, Math.max(0, Math.ceil(p * d.length) - 1))]!;
  let sum = 0;
  for (const x of d) sum += x;
  return { p50Ms: at(0.5), p99Ms: at(0.99), meanMs: sum / d.length };
}

export async function pairRun(ctx: BenchContext, s: Side, vmId: string, seconds: number): Promise<PairResult> {
  const { enqueue, clear } = requests(ctx, vmId);
  const metricsPort = s.server.metricsPort;
  const depthBefore = metricsPort === null ? null : await vmDepth(metricsPort, vmId);
  const clearedBefore = metricsPort === null ? 0 : await cleared(metricsPort);
  const cpu0 = cpuSeconds(s.server.pid);
  const clearing = h2load({
    port: s.server.port,
    request: clear,
    clients: 1,
    streams: STREAMS,
    seconds: seconds + 2 * LEAD_S,
    logFile: ctx.files.scratch('clear.log'),
    replyBytes: 5,
  });
  await new Promise((resolve) => setTimeout(resolve, LEAD_S * 1000));
  const enq = await h2load({
    port: s.server.port,
    request: enqueue,
    clients: 1,
    streams: STREAMS,
    seconds,
    logFile: ctx.files.scratch('enqueue.log'),
    replyBytes: 5,
  });
  const clr = await clearing;
  const cpu = cpuSeconds(s.server.pid) - cpu0;
  const { startUs, endUs } = enq.window!;
  const windowS = (endUs - startUs) / 1e6;
  const inWindow = clr.log!.filter(([, end]) => end >= startUs && end <= endUs);
  if (clr.window!.startUs > startUs || clr.window!.endUs < endUs) {
    ctx.log(`  note: the CLEAR run did not cover the whole ENQUEUE run (${vmId})`);
  }
  const depthAfter = metricsPort === null ? null : await vmDepth(metricsPort, vmId);
  const effectiveClears = metricsPort === null ? null : ((await cleared(metricsPort)) - clearedBefore) / clr.succeeded;
  return {
    enqueuePerSec: enq.log!.length / windowS,
    clearPerSec: inWindow.length / windowS,
    enqueueLatency: enq.latency!,
    clearLatency: latencyOf(inWindow.map(([st, end]) => (end - st) / 1000)),
    depthBefore,
    depthAfter,
    effectiveClears,
    cpuPerCallUs: (cpu / (enq.succeeded + clr.succeeded)) * 1e6,
  };
}

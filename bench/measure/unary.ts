// Section 1: unary ENQUEUE of one I/O interrupt and AIRQ_INJECT at 1 and 64 calls in flight,
// throughput and p50/p99 latency, flic against the baseline in interleaved rounds. Every flic
// round is cross-checked against flic's own counters: the interrupts it reports injected must
// cover every call h2load saw succeed.

import { irqsToMessages } from '../../src/proto/messages.js';
import { h2load, type H2loadResult } from '../load/h2load.js';
import type { PreparedRequest } from '../load/grpcFrame.js';
import { injectedTotal } from '../load/metrics.js';
import { ioIrq } from '../../test/support/workload.js';
import { compared, type Figure } from '../report/figures.js';
import type { BenchContext, Side } from './context.js';
import { AIRQ_ADAPTER, AIRQ_VM, BENCH_VM, clearBenchVms } from './vms.js';

/** h2load shapes: connections × streams per connection. */
export const CONCURRENCY = [
  { label: '1', clients: 1, streams: 1 },
  { label: '64', clients: 4, streams: 16 },
] as const;

export interface UnaryCase {
  readonly label: string;
  readonly request: PreparedRequest;
  /** flic_interrupts_injected_total class that each successful call adds one to. */
  readonly counterClass: string;
}

export async function timedRun(ctx: BenchContext, s: Side, c: UnaryCase, clients: number, streams: number, seconds: number): Promise<H2loadResult> {
  await clearBenchVms(s.client);
  await s.server.gc();
  const before = s === ctx.flic ? await injectedTotal(ctx.flic.server.metricsPort!, c.counterClass) : 0;
  const r = await h2load({
    port: s.server.port,
    request: c.request,
    clients,
    streams,
    seconds,
    logFile: ctx.files.scratch('unary.log'),
    replyBytes: 5,
    serverPid: s.server.pid,
  });
  if (s === ctx.flic) {
    const delta = (await injectedTotal(ctx.flic.server.metricsPort!, c.counterClass)) - before;
    if (delta < r.succeeded) throw new Error(`${c.label}: h2load saw ${r.succeeded} successes but flic injected ${delta}`);
  }
  return r;
}

export function cpuPerCallUs(r: H2loadResult): number {
  return (r.serverCpuSeconds! / r.succeeded) * 1e6;
}

function mainCpuPerCallUs(r: H2loadResult): number {
  return (r.serverMainCpuSeconds! / r.succeeded) * 1e6;
}

export async function measureUnary(ctx: BenchContext): Promise<Figure[]> {
  const cases: UnaryCase[] = [
    {
      label: 'ENQUEUE one I/O interrupt (typed Enqueue)',
      request: ctx.files.prepare('Enqueue', BENCH_VM, { vmId: BENCH_VM, irqs: irqsToMessages([ioIrq(5)]) }),
      counterClass: 'io',
    },
    {
      label: 'AIRQ_INJECT (AirqInject)',
      request: ctx.files.prepare('AirqInject', AIRQ_VM, { vmId: AIRQ_VM, adapterId: AIRQ_ADAPTER.id }),
      counterClass: 'adapter',
    },
  ];
  const figures: Figure[] = [];
  for (const c of cases) {
    for (const k of CONCURRENCY) {
      ctx.log(`unary: ${c.label}, ${k.label} in flight`);
      for (const s of [ctx.flic, ctx.baseline]) await timedRun(ctx, s, c, k.clients, k.streams, ctx.sizes.warmup);
      const rounds = { flic: [] as H2loadResult[], baseline: [] as H2loadResult[] };
      for (let r = 0; r < ctx.sizes.rounds; r++) {
        rounds.flic.push(await timedRun(ctx, ctx.flic, c, k.clients, k.streams, ctx.sizes.seconds));
        rounds.baseline.push(await timedRun(ctx, ctx.baseline, c, k.clients, k.streams, ctx.sizes.seconds));
      }
      const id = `unary.${c.request.method}.c${k.label}`;
      const both = (f: (r: H2loadResult) => number): [number[], number[]] => [rounds.flic.map(f), rounds.baseline.map(f)];
      const name = `${c.label}, ${k.label} in flight (h2load -c ${k.clients} -m ${k.streams})`;
      figures.push(
        compared(
          { id: `${id}.throughput`, section: '1 unary', name: `${name}: throughput`, unit: 'calls/s', target: { basis: 'ratio', op: '>=', value: 0.9 } },
          ...both((r) => r.reqPerSec),
        ),
        compared(
          {
            id: `${id}.cpu`,
            section: '1 unary',
            name: `${name}: server CPU per call`,
            unit: 'µs',
            target: null,
            note: 'user + system time of the server process over the run ÷ calls; steadier than throughput on a shared machine',
          },
          ...both(cpuPerCallUs),
        ),
        compared(
          {
            id: `${id}.cpuMain`,
            section: '1 unary',
            name: `${name}: server main-thread CPU per call`,
            unit: 'µs',
            target: null,
            note: 'the part of the above on the thread that runs JavaScript, which bounds the throughput; the rest is V8 and libuv helper threads',
          },
          ...both(mainCpuPerCallUs),
        ),
        compared(
          { id: `${id}.p50`, section: '1 unary', name: `${name}: p50 latency`, unit: 'ms', target: null },
          ...both((r) => r.latency!.p50Ms),
        ),
        compared(
          { id: `${id}.p99`, section: '1 unary', name: `${name}: p99 latency`, unit: 'ms', target: null },
          ...both((r) => r.latency!.p99Ms),
        ),
      );
    }
  }
  // Spot check with the real client: the same calls succeed (grpc-status 0) and land in the device.
  await clearBenchVms(ctx.flic.client);
  await ctx.flic.client.vm(BENCH_VM).enqueue([ioIrq(5)]);
  await ctx.flic.client.vm(AIRQ_VM).airqInject(BigInt(AIRQ_ADAPTER.id));
  const depth = (await ctx.flic.client.vm(BENCH_VM).inspect()).depths.total + (await ctx.flic.client.vm(AIRQ_VM).inspect()).depths.total;
  if (depth !== 2) throw new Error(`spot check: expected 2 pending interrupts after two calls, found ${depth}`);
  await clearBenchVms(ctx.flic.client);
  return figures;
}

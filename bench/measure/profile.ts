// CPU profiles (node --cpu-prof) of flic and of the baseline under the same loads, summarised
// side by side: where flic's time goes, and how much of it is the transport both share.

import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { irqsToMessages } from '../../src/proto/messages.js';
import type { PreparedRequest } from '../load/grpcFrame.js';
import { h2load } from '../load/h2load.js';
import { ioIrq } from '../../test/support/workload.js';
import { monotonicUs, summariseProfile, type ProfileSummary, type ProfileWindow } from '../report/cpuProfile.js';
import { batchRequests } from './batched.js';
import { type BenchContext, withServers } from './context.js';
import { fillFullQueue, getAllRequests } from './getAll.js';
import { BENCH_VM, FULL_VM, createBenchVms, clearBenchVms } from './vms.js';

export interface ProfiledLoad {
  readonly id: string;
  readonly label: string;
  /** Calls each server answered during its profiled window. */
  readonly calls: { readonly flic: number; readonly baseline: number };
  readonly flic: ProfileSummary;
  readonly baseline: ProfileSummary;
}

interface Load {
  readonly id: string;
  readonly label: string;
  /** Prepares flic's state and returns one run of the load against a side (resolves to the calls made). */
  prepare(ctx: BenchContext): Promise<(port: number) => Promise<number>>;
}

/** Two runs of 200 batches, each into an emptied queue (the I/O limit stops a third). */
function batchLoad(ctx: BenchContext, request: PreparedRequest): (port: number) => Promise<number> {
  return async (port) => {
    let calls = 0;
    for (let i = 0; i < 2; i++) {
      await clearBenchVms(port === ctx.flic.server.port ? ctx.flic.client : ctx.baseline.client, [BENCH_VM]);
      calls += (await h2load({ port, request, clients: 2, streams: 2, requests: 200, replyBytes: 5 })).succeeded;
    }
    return calls;
  };
}

/** Fills flic's full VM, then GET_ALL_IRQS of it, one call at a time. */
async function getAllLoad(ctx: BenchContext, kind: 'typed' | 'raw', calls: number): Promise<(port: number) => Promise<number>> {
  await fillFullQueue(ctx.flic, FULL_VM);
  const request = getAllRequests(ctx)[kind];
  return async (port) => (await h2load({ port, request, clients: 1, streams: 1, requests: calls })).succeeded;
}

const LOADS: readonly Load[] = [
  {
    id: 'unary-enqueue',
    label: 'unary ENQUEUE of one I/O interrupt, 64 in flight, 3 s',
    async prepare(ctx) {
      const request = ctx.files.prepare('Enqueue', BENCH_VM, { vmId: BENCH_VM, irqs: irqsToMessages([ioIrq(5)]) });
      return async (port) => (await h2load({ port, request, clients: 4, streams: 16, seconds: 3, replyBytes: 5 })).succeeded;
    },
  },
  {
    id: 'batched-enqueue',
    label: 'typed ENQUEUE of 1,000 interrupts per call, 2 × 200 calls',
    prepare: async (ctx) => batchLoad(ctx, batchRequests(ctx).typed),
  },
  {
    id: 'batched-raw',
    label: 'raw ENQUEUE (SetDeviceAttr) of 72,000 bytes per call, 2 × 200 calls',
    prepare: async (ctx) => batchLoad(ctx, batchRequests(ctx).raw),
  },
  {
    id: 'getall-typed',
    label: 'typed GET_ALL_IRQS of a full I/O queue, 3 calls',
    prepare: (ctx) => getAllLoad(ctx, 'typed', 3),
  },
  {
    id: 'getall-raw',
    label: 'raw GET_ALL_IRQS (GetDeviceAttr) of a full I/O queue, 20 calls',
    prepare: (ctx) => getAllLoad(ctx, 'raw', 20),
  },
];

function newestProfile(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  return path.join(dir, files[files.length - 1]!);
}

/** Profiles every load, or only the loads whose ids are listed. */
export async function profileLoads(
  base: Pick<BenchContext, 'sizes' | 'files' | 'log'>,
  dir: string,
  only?: readonly string[],
): Promise<ProfiledLoad[]> {
  const out: ProfiledLoad[] = [];
  for (const load of LOADS) {
    if (only !== undefined && !only.includes(load.id)) continue;
    base.log(`profile: ${load.label}`);
    const loadDir = path.join(dir, load.id);
    mkdirSync(loadDir, { recursive: true });
    const windows = await withServers(base, { maxVms: 100, cpuProfileDir: loadDir }, async (ctx) => {
      await createBenchVms(ctx.flic.client);
      const run = await load.prepare(ctx);
      const timed = async (port: number): Promise<ProfileWindow & { calls: number }> => {
        await run(port); // JIT warm-up, outside the window
        const startUs = monotonicUs();
        const calls = await run(port);
        return { startUs, endUs: monotonicUs(), calls };
      };
      return { flic: await timed(ctx.flic.server.port), baseline: await timed(ctx.baseline.server.port) };
    });
    out.push({
      id: load.id,
      label: load.label,
      calls: { flic: windows.flic.calls, baseline: windows.baseline.calls },
      flic: summariseProfile(newestProfile(path.join(loadDir, 'flic')), windows.flic),
      baseline: summariseProfile(newestProfile(path.join(loadDir, 'baseline')), windows.baseline),
    });
  }
  return out;
}

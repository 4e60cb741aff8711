// Section 13 (issue 14): the state directory's cost. Unary ENQUEUE at 64 calls in flight and
// batched ENQUEUE, flic with --state-dir on local disk against flic without one (the "baseline"
// column here), in interleaved rounds (target ≥ 0.8× for both); how many calls share one
// fdatasync; and the time a restart takes, from the spawn to "flic listening", with 1,000 VMs of
// mixed state and with one VM holding a full 266,250-record queue, from a snapshot (after SIGTERM)
// and from the journal (after SIGKILL).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { KVM_DEV_FLIC_ENQUEUE, KVM_DEV_TYPE_FLIC, KVM_S390_MAX_FLOAT_IRQS, encodeIrqs } from '../../src/device/index.js';
import type { FlicClient } from '../../src/client/index.js';
import { irqsToMessages } from '../../src/proto/messages.js';
import { applyStateOp, mixedConfig, randomOps } from '../../test/support/stateOps.js';
import { ioIrq, ioIrqs } from '../../test/support/workload.js';
import { sample, scrape } from '../load/metrics.js';
import { alone, compared, type Figure } from '../report/figures.js';
import { spawnFlicChild, type ServerChild } from '../servers/children.js';
import { BATCH, CLIENTS, FULL_BATCHES, QUICK_BATCHES, STREAMS, batchedRun, type BatchRun } from './batched.js';
import { sectionRounds, side, type BenchContext, type Side } from './context.js';
import { CONCURRENCY, cpuPerCallUs, timedRun, type UnaryCase } from './unary.js';
import { BENCH_VM, createBenchVms, createFlicVm } from './vms.js';

const SECTION = '13 state directory';
const MIXED_VMS = 1000;
const IN_FLIGHT = CONCURRENCY.find((c) => c.label === '64')!;

type Base = Pick<BenchContext, 'sizes' | 'files' | 'log'>;

export async function measureStateDir(base: Base): Promise<Figure[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'flic-bench-state-'));
  try {
    return [
      ...(await throughput(base, path.join(root, 'throughput'))),
      ...(await mixedRestarts(base, path.join(root, 'mixed'))),
      ...(await fullQueueRestarts(base, path.join(root, 'full'))),
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function throughput(base: Base, dir: string): Promise<Figure[]> {
  const durable = await spawnFlicChild({ maxVms: 1000, stateDir: dir });
  const plain = await spawnFlicChild({ maxVms: 1000 });
  let ctx: BenchContext | undefined;
  try {
    ctx = { ...base, flic: await side(durable), baseline: await side(plain) };
    for (const s of [ctx.flic, ctx.baseline]) await createBenchVms(s.client);
    return [...(await unary(ctx)), ...(await batched(ctx))];
  } finally {
    ctx?.flic.client.close();
    ctx?.baseline.client.close();
    await Promise.all([durable.stop(), plain.stop()]);
  }
}

async function commits(s: Side): Promise<{ calls: number; syncs: number }> {
  const text = (await scrape(s.server.metricsPort!)).text;
  return { calls: sample(text, 'flic_state_commit_entries_sum'), syncs: sample(text, 'flic_state_commit_entries_count') };
}

async function unary(ctx: BenchContext): Promise<Figure[]> {
  const c: UnaryCase = {
    label: 'ENQUEUE one I/O interrupt (typed Enqueue)',
    request: ctx.files.prepare('Enqueue', BENCH_VM, { vmId: BENCH_VM, irqs: irqsToMessages([ioIrq(5)]) }),
    counterClass: 'io',
  };
  ctx.log(`state directory: unary ENQUEUE, ${IN_FLIGHT.label} in flight`);
  const { clients, streams } = IN_FLIGHT;
  for (const s of [ctx.flic, ctx.baseline]) await timedRun(ctx, s, c, clients, streams, ctx.sizes.warmup);
  const durable = [];
  const plain = [];
  const perSync: number[] = [];
  for (let r = 0; r < ctx.sizes.rounds; r++) {
    const before = await commits(ctx.flic);
    durable.push(await timedRun(ctx, ctx.flic, c, clients, streams, ctx.sizes.seconds));
    const after = await commits(ctx.flic);
    perSync.push((after.calls - before.calls) / Math.max(1, after.syncs - before.syncs));
    plain.push(await timedRun(ctx, ctx.baseline, c, clients, streams, ctx.sizes.seconds));
  }
  const name = `unary ENQUEUE, ${IN_FLIGHT.label} in flight (h2load -c ${clients} -m ${streams}), --state-dir on local disk ÷ no state directory`;
  return [
    compared(
      { id: 'state.unary.throughput', section: SECTION, name: `${name}: throughput`, unit: 'calls/s', target: { basis: 'ratio', op: '>=', value: 0.8 } },
      durable.map((r) => r.reqPerSec),
      plain.map((r) => r.reqPerSec),
    ),
    compared({ id: 'state.unary.p99', section: SECTION, name: `${name}: p99 latency`, unit: 'ms', target: null }, durable.map((r) => r.latency!.p99Ms), plain.map((r) => r.latency!.p99Ms)),
    compared({ id: 'state.unary.cpu', section: SECTION, name: `${name}: server CPU per call`, unit: 'µs', target: null }, durable.map(cpuPerCallUs), plain.map(cpuPerCallUs)),
    alone(
      {
        id: 'state.unary.perSync',
        section: SECTION,
        name: `unary ENQUEUE, ${IN_FLIGHT.label} in flight: calls made durable by one fdatasync (group commit)`,
        unit: 'calls',
        target: null,
        note: 'flic_state_commit_entries_sum ÷ _count over each round',
      },
      perSync,
    ),
  ];
}

/** Batched ENQUEUE at 64 in flight (the target, as the unary one) and at the batched section's 4. */
async function batched(ctx: BenchContext): Promise<Figure[]> {
  const request = ctx.files.prepare('Enqueue', BENCH_VM, { vmId: BENCH_VM, irqs: irqsToMessages(ioIrqs(BATCH)) });
  const batches = ctx.sizes.quick ? QUICK_BATCHES : FULL_BATCHES;
  const seconds = ctx.sizes.seconds / 2;
  const shapes = [
    { ...IN_FLIGHT, target: true },
    { label: String(CLIENTS * STREAMS), clients: CLIENTS, streams: STREAMS, target: false },
  ];
  const figures: Figure[] = [];
  for (const shape of shapes) {
    ctx.log(`state directory: batched ENQUEUE, ${shape.label} in flight`);
    for (const s of [ctx.flic, ctx.baseline]) await batchedRun(ctx, s, request, batches, 0, shape);
    const durable: BatchRun[] = [];
    const plain: BatchRun[] = [];
    for (let r = 0; r < ctx.sizes.rounds; r++) {
      durable.push(await batchedRun(ctx, ctx.flic, request, batches, seconds, shape));
      plain.push(await batchedRun(ctx, ctx.baseline, request, batches, seconds, shape));
    }
    figures.push(
      compared(
        {
          id: `state.batched.c${shape.label}.throughput`,
          section: SECTION,
          name: `ENQUEUE 1,000 interrupts per call (typed Enqueue), ${shape.label} in flight (h2load -c ${shape.clients} -m ${shape.streams}), legs of ${batches} calls, --state-dir ÷ no state directory`,
          unit: 'irqs/s',
          target: shape.target ? { basis: 'ratio', op: '>=', value: 0.8 } : null,
          ...(shape.target ? {} : { note: 'the batched section\'s own shape: each call waits for its own fdatasync of 72 KB, which 4 calls in flight share' }),
        },
        durable.map((r) => r.irqsPerSec),
        plain.map((r) => r.irqsPerSec),
      ),
    );
  }
  return figures;
}

/** Seconds from the spawn until the child listens (its restore included), and the child. */
async function timedStart(dir: string, maxVms: number): Promise<{ seconds: number; restoreMs: number; child: ServerChild }> {
  const began = performance.now();
  const child = await spawnFlicChild({ maxVms, stateDir: dir });
  return { seconds: (performance.now() - began) / 1000, restoreMs: child.restored?.durationMs ?? NaN, child };
}

async function withClient<T>(child: ServerChild, fn: (client: FlicClient) => Promise<T>): Promise<T> {
  const s = await side(child);
  try {
    return await fn(s.client);
  } finally {
    s.client.close();
  }
}

async function mixedCalls(client: FlicClient, seed: number, create: boolean): Promise<void> {
  for (let i = 0; i < MIXED_VMS; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, MIXED_VMS - i) }, async (_, k) => {
        const n = i + k;
        const id = `mixed-${n}`;
        const config = mixedConfig(n);
        if (create) {
          await client.createVm(id, config);
          if (n % 7 === 0) return;
          await client.vm(id).createDevice(KVM_DEV_TYPE_FLIC);
        } else if (n % 7 === 0) return;
        for (const op of randomOps(config, seed * 100_000 + n, 4)) await applyStateOp(client.vm(id), op);
      }),
    );
  }
}

async function restartFigures(
  base: Base,
  label: string,
  id: string,
  dir: string,
  maxVms: number,
  refill: (client: FlicClient, round: number) => Promise<void>,
): Promise<Figure[]> {
  const fromSnapshot: number[] = [];
  const fromJournal: number[] = [];
  const restoreSnapshot: number[] = [];
  const restoreJournal: number[] = [];
  let child = (await timedStart(dir, maxVms)).child;
  try {
    for (let r = 0; r < sectionRounds(base.sizes); r++) {
      // The journal: fill it (a restart's replay compacts it), then SIGKILL.
      await withClient(child, (client) => refill(client, r));
      await child.kill!();
      let started = await timedStart(dir, maxVms);
      fromJournal.push(started.seconds);
      restoreJournal.push(started.restoreMs / 1000);
      // A snapshot: SIGTERM writes the final one (the restart's own compaction may still run).
      await started.child.stop();
      started = await timedStart(dir, maxVms);
      fromSnapshot.push(started.seconds);
      restoreSnapshot.push(started.restoreMs / 1000);
      child = started.child;
    }
  } finally {
    await child.stop();
  }
  const note = 'from the spawn of node until "flic listening" (the restore is part of it: the restore alone is the next figure)';
  return [
    alone({ id: `state.restart.${id}.snapshot`, section: SECTION, name: `restart with ${label}, from a snapshot (after SIGTERM)`, unit: 's', target: { basis: 'value', op: '<=', value: 10 }, note }, fromSnapshot),
    alone({ id: `state.restart.${id}.snapshot.restore`, section: SECTION, name: `restart with ${label}, from a snapshot: the restore alone`, unit: 's', target: null }, restoreSnapshot),
    alone({ id: `state.restart.${id}.journal`, section: SECTION, name: `restart with ${label}, replaying the journal (after SIGKILL)`, unit: 's', target: { basis: 'value', op: '<=', value: 10 }, note }, fromJournal),
    alone({ id: `state.restart.${id}.journal.restore`, section: SECTION, name: `restart with ${label}, replaying the journal: the restore alone`, unit: 's', target: null }, restoreJournal),
  ];
}

async function mixedRestarts(base: Base, dir: string): Promise<Figure[]> {
  base.log(`state directory: restart with ${MIXED_VMS} VMs of mixed state`);
  let created = false;
  return restartFigures(base, `${MIXED_VMS.toLocaleString('en')} VMs of mixed state`, 'mixed', dir, MIXED_VMS, async (client, round) => {
    await mixedCalls(client, round, !created);
    created = true;
  });
}

async function fullQueueRestarts(base: Base, dir: string): Promise<Figure[]> {
  base.log(`state directory: restart with one VM holding ${KVM_S390_MAX_FLOAT_IRQS.toLocaleString('en')} interrupts`);
  // Three raw ENQUEUEs fill the queue (the journal then holds their 19 MB of records).
  const third = Math.ceil(KVM_S390_MAX_FLOAT_IRQS / 3);
  const parts = [0, 1, 2].map((p) => encodeIrqs(ioIrqs(Math.min(third, KVM_S390_MAX_FLOAT_IRQS - p * third), p * third)));
  let created = false;
  return restartFigures(base, 'one VM holding a full queue (266,250 records)', 'fullQueue', dir, 10, async (client) => {
    if (!created) await createFlicVm(client, 'full');
    created = true;
    await client.vm('full').clearIrqs();
    for (const data of parts) await client.vm('full').setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(data.length), data, badAddr: false });
  });
}

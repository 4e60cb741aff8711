// Section 10 (issue 11 item 5): health checks and small unary calls while 8 clients loop typed
// GetAllIrqs of a full I/O queue, against the same server idle. A fresh flic of its own, as in
// production (default flags); the 8 clients are one h2load with 8 connections of one stream each,
// which reads every reply in full (and is checked to get every one: a refused heavy call would
// come back without DATA).

import { KVM_DEV_FLIC_ENQUEUE, KVM_S390_FLIC_MAX_BUFFER } from '../../src/device/index.js';
import { h2load, noCallAnswered, type H2loadResult } from '../load/h2load.js';
import { fullQueueIrqs, rawChunks } from '../../test/support/workload.js';
import { compared, type Figure } from '../report/figures.js';
import { spawnFlicChild } from '../servers/children.js';
import type { BenchContext, Side } from './context.js';
import { sectionRounds, side } from './context.js';
import { latencyProbe, type ProbeResult } from './latencyProbe.js';
import { BENCH_VM, FULL_VM, createFlicVm } from './vms.js';

/** The looping clients of the reproduction. */
const HEAVY_CLIENTS = 8;
/** The load starts this long before the probe and ends this long after it (quick mode: shorter). */
const LEAD_S = 0.5;
const QUICK_LEAD_S = 0.2;

type Base = Pick<BenchContext, 'sizes' | 'files' | 'log'>;

async function fill(s: Side): Promise<void> {
  await createFlicVm(s.client, FULL_VM);
  await createFlicVm(s.client, BENCH_VM);
  const vm = s.client.vm(FULL_VM);
  for (const data of rawChunks(fullQueueIrqs(), 10_000)) {
    await vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(data.length), data, badAddr: false });
  }
}

export async function measureHeavyLoad(base: Base): Promise<Figure[]> {
  const { sizes, files, log } = base;
  const flic = await side(await spawnFlicChild({ maxVms: 100 }));
  try {
    log('heavy calls: filling a full I/O queue');
    await fill(flic);
    const request = files.prepare('GetAllIrqs', FULL_VM, { vmId: FULL_VM, bufferLen: KVM_S390_FLIC_MAX_BUFFER });
    const one = await h2load({ port: flic.server.port, request, clients: 1, streams: 1, requests: 1 });
    const replyBytes = one.dataBytes;
    const probe = latencyProbe(files, BENCH_VM);
    const seconds = sizes.seconds;
    const rounds = sectionRounds(sizes);
    const lead = sizes.quick ? QUICK_LEAD_S : LEAD_S;
    const idle: ProbeResult[] = [];
    const loaded: ProbeResult[] = [];
    const heavy: (H2loadResult | null)[] = [];
    for (let r = 0; r < rounds; r++) {
      log(`heavy calls: round ${r + 1} of ${rounds}, idle then under ${HEAVY_CLIENTS} GetAllIrqs loops`);
      await flic.client.vm(BENCH_VM).clearIrqs();
      idle.push(await probe.run(flic.server.port, seconds));
      await flic.client.vm(BENCH_VM).clearIrqs();
      const load = h2load({
        port: flic.server.port,
        request,
        clients: HEAVY_CLIENTS,
        streams: 1,
        seconds: seconds + 2 * lead,
        replyBytes,
        logFile: files.scratch('heavy.log'),
      }).catch((err: unknown) => {
        // A server that builds its replies whole can answer none of them within the run.
        if (noCallAnswered(err)) return null;
        throw err;
      });
      await new Promise((resolve) => setTimeout(resolve, lead * 1000));
      loaded.push(await probe.run(flic.server.port, seconds));
      heavy.push(await load);
      // Let the calls still in the server finish before the next idle measurement.
      await flic.client.vm(BENCH_VM).clearIrqs();
    }
    const name = `while ${HEAVY_CLIENTS} clients loop typed GetAllIrqs of a full I/O queue (266,250 records, ${(replyBytes / 1e6).toFixed(1)} MB a reply), one call in flight; baseline column: the same server idle`;
    const stalled = loaded.filter((p) => p.stalled).length;
    const answered = heavy.filter((h): h is H2loadResult => h !== null);
    const note =
      `${answered.map((h) => h.succeeded).reduce((a, b) => a + b, 0)} GetAllIrqs replies read in full over ${heavy.length} loaded runs of ${seconds + 2 * lead} s` +
      (answered.length > 0 ? `; their p99 ${Math.max(...answered.map((h) => h.latency!.p99Ms)).toFixed(0)} ms at most` : '') +
      (stalled > 0 ? `; in ${stalled} runs a probe got no reply within its ${seconds} s window (counted as ${seconds * 1000} ms, a lower bound)` : '');
    return [
      compared(
        { id: 'heavy.health.p99', section: '10 heavy calls', name: `health check p99 ${name}`, unit: 'ms', target: { basis: 'value', op: '<=', value: 250 }, note },
        loaded.map((p) => p.health.p99Ms),
        idle.map((p) => p.health.p99Ms),
      ),
      compared(
        { id: 'heavy.unary.p99', section: '10 heavy calls', name: `unary ENQUEUE p99 ${name}`, unit: 'ms', target: { basis: 'value', op: '<=', value: 250 } },
        loaded.map((p) => p.unary.p99Ms),
        idle.map((p) => p.unary.p99Ms),
      ),
      compared(
        { id: 'heavy.unary.p50', section: '10 heavy calls', name: `unary ENQUEUE p50 ${name}`, unit: 'ms', target: null },
        loaded.map((p) => p.unary.p50Ms),
        idle.map((p) => p.unary.p50Ms),
      ),
    ];
  } finally {
    flic.client.close();
    await flic.server.stop();
  }
}

// Section 7 (issue 15): Deliver through the server, one I/O interrupt taken per call, at 64 calls
// in flight, against flic's own unary ENQUEUE at 64 in flight (target ≥ 0.9×), in interleaved
// rounds. Before each round the Deliver VM is refilled (one raw ENQUEUE) with more interrupts than
// a round can take, so that every call takes one: h2load checks that every reply has the size of
// an I/O delivery (a NONE reply is smaller), and flic's delivered counter must cover every call
// h2load saw succeed.

import { encodeIrqs, KVM_DEV_FLIC_ENQUEUE, KVM_DEV_TYPE_FLIC, VmRegistry } from '../../src/device/index.js';
import { cpuStateToMessage, deliveryToMessage } from '../../src/proto/delivery.js';
import { loadFlicProto } from '../../src/proto/loader.js';
import { irqsToMessages } from '../../src/proto/messages.js';
import { ioIrq, ioIrqs } from '../../test/support/workload.js';
import { OPEN } from '../../test/support/deliveryVectors.js';
import { GRPC_PREFIX_BYTES } from '../load/grpcFrame.js';
import { h2load, type H2loadResult } from '../load/h2load.js';
import { sample, scrape } from '../load/metrics.js';
import { compared, type Figure } from '../report/figures.js';
import { sectionRounds, type BenchContext } from './context.js';
import { cpuPerCallUs } from './unary.js';
import { BENCH_VM, clearBenchVms, createFlicVm } from './vms.js';

/** Deliver target: refilled before each round. */
export const DELIVER_VM = 'deliver';
const IN_FLIGHT = { clients: 4, streams: 16 } as const;

/** The bytes of one successful Deliver reply that took an ioIrq: the same for every ISC. */
function ioDeliveryReplyBytes(): number {
  const vms = new VmRegistry();
  vms.createVm('size');
  const vm = vms.get('size');
  vm.createDevice(KVM_DEV_TYPE_FLIC);
  vm.enqueue([ioIrq(7)]);
  const reply = loadFlicProto().flic.v1.Flic.service.Deliver.responseSerialize(deliveryToMessage(vm.deliver(OPEN)));
  return GRPC_PREFIX_BYTES + reply.length;
}

async function deliveredTotal(metricsPort: number): Promise<number> {
  return sample((await scrape(metricsPort)).text, 'flic_interrupts_delivered_total', 'class="io"');
}

export async function measureDelivery(ctx: BenchContext): Promise<Figure[]> {
  const client = ctx.flic.client;
  await createFlicVm(client, DELIVER_VM);
  // Enough for the fastest round: 40,000 calls/s for the run's length, and a margin.
  const fill = Math.min(260_000, Math.ceil(40_000 * Math.max(ctx.sizes.seconds, ctx.sizes.warmup)) + 5_000);
  const fillBytes = encodeIrqs(ioIrqs(fill));
  const refill = async (): Promise<void> => {
    const vm = client.vm(DELIVER_VM);
    await vm.clearIrqs();
    await vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(fillBytes.length), data: fillBytes, badAddr: false });
  };
  const deliver = ctx.files.prepare('Deliver', DELIVER_VM, { vmId: DELIVER_VM, cpu: cpuStateToMessage(OPEN), dryRun: false, waitMs: 0 });
  const enqueue = ctx.files.prepare('Enqueue', BENCH_VM, { vmId: BENCH_VM, irqs: irqsToMessages([ioIrq(5)]) });
  const replyBytes = ioDeliveryReplyBytes();
  const server = ctx.flic.server;

  const run = async (what: 'deliver' | 'enqueue', seconds: number): Promise<H2loadResult> => {
    // Both kinds of round start from the same state (a full Deliver VM, an empty ENQUEUE VM): a
    // heap that holds the refill changes the cost of garbage collection for every call alike.
    await refill();
    await clearBenchVms(client);
    await server.gc();
    const before = what === 'deliver' ? await deliveredTotal(server.metricsPort!) : 0;
    const r = await h2load({
      port: server.port,
      request: what === 'deliver' ? deliver : enqueue,
      ...IN_FLIGHT,
      seconds,
      logFile: ctx.files.scratch(`${what}.log`),
      replyBytes: what === 'deliver' ? replyBytes : 5,
      serverPid: server.pid,
    });
    if (what === 'deliver') {
      const delta = (await deliveredTotal(server.metricsPort!)) - before;
      if (delta < r.succeeded) throw new Error(`Deliver: h2load saw ${r.succeeded} successes but flic delivered ${delta}`);
    }
    return r;
  };

  ctx.log('delivery: Deliver against unary ENQUEUE, 64 in flight');
  await run('deliver', ctx.sizes.warmup);
  await run('enqueue', ctx.sizes.warmup);
  const rounds = { deliver: [] as H2loadResult[], enqueue: [] as H2loadResult[] };
  for (let i = 0; i < sectionRounds(ctx.sizes); i++) {
    rounds.deliver.push(await run('deliver', ctx.sizes.seconds));
    rounds.enqueue.push(await run('enqueue', ctx.sizes.seconds));
  }
  const both = (f: (r: H2loadResult) => number): [number[], number[]] => [rounds.deliver.map(f), rounds.enqueue.map(f)];
  const note = "the baseline column is flic's own unary ENQUEUE of one I/O interrupt, at the same 64 in flight (h2load -c 4 -m 16)";
  const figures = [
    compared(
      {
        id: 'delivery.Deliver.c64.throughput',
        section: '7 delivery',
        name: 'Deliver taking one I/O interrupt per call, 64 in flight: throughput',
        unit: 'calls/s',
        target: { basis: 'ratio', op: '>=', value: 0.9 },
        note,
      },
      ...both((r) => r.reqPerSec),
    ),
    compared(
      { id: 'delivery.Deliver.c64.cpu', section: '7 delivery', name: 'Deliver, 64 in flight: server CPU per call', unit: 'µs', target: null, note },
      ...both(cpuPerCallUs),
    ),
  ];
  // Spot check with the real client: the same call takes one interrupt and says what it stores.
  await refill();
  const d = await client.vm(DELIVER_VM).deliver(OPEN);
  if (d.interruptClass !== 'io' || d.stores.length !== 4) throw new Error(`spot check: Deliver answered ${d.interruptClass} with ${d.stores.length} stores`);
  await client.vm(DELIVER_VM).clearIrqs();
  return figures;
}

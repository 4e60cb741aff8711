// /metrics of a real flic (startService: gRPC server + metrics endpoint) driven by the real client.
// The scraped text is what is checked, as Prometheus would read it.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlicClient } from '../../src/client/flicClient.js';
import {
  ASYNC_PF_PER_VCPU,
  KVM_DEV_TYPE_FLIC,
  KVM_S390_ADAPTER_SUPPRESSIBLE,
  KVM_S390_AIS_MODE_SINGLE,
  KVM_S390_INT_PFAULT_DONE,
  KVM_S390_INT_PFAULT_INIT,
  KVM_S390_INT_SERVICE,
  KVM_S390_INT_VIRTIO,
  KVM_S390_MAX_FLOAT_IRQS,
  KVM_S390_MAX_VIRTIO_IRQS,
  KVM_S390_MCHK,
  MCHK_CR14_KEPT,
  ORIGINAL_MAX_FLOAT_IRQS,
  iscFromIntWord,
  iscToIntWord,
  ioType,
} from '../../src/device/abi/index.js';
import type { Irq } from '../../src/device/types.js';
import { KvmError } from '../../src/device/errno.js';
import { loadFlicProto } from '../../src/proto/loader.js';
import { startService } from '../../src/server/app.js';
import type { RunningService } from '../../src/server/app.js';
import type { ServiceConfig } from '../../src/server/config.js';
import { GRPC_CODE_NAMES } from '../../src/server/metricsGrpc.js';
import { testServiceConfig } from './fixture.js';
import { scrape, type Scrape } from '../support/scrape.js';
import { ext, MCHK } from '../support/typedRecords.js';

const TEST_CONFIG: ServiceConfig = testServiceConfig();

const io = (isc: number, schid = 1): Irq => ({
  kind: 'io',
  type: ioType(0, 0, schid),
  subchannelId: 0,
  subchannelNr: schid,
  ioIntParm: 0,
  ioIntWord: iscToIntWord(isc),
});
const mchk = MCHK(BigInt(MCHK_CR14_KEPT), 1n);

/** Expected flic_vm_pending_interrupts of a VM without GISA, from the records GET_ALL_IRQS returns. */
function pendingFromRecords(irqs: readonly Irq[]): Map<string, number> {
  const m = new Map<string, number>();
  for (let isc = 0; isc < 8; isc++) m.set(`io/${isc}`, 0);
  for (const q of ['service', 'virtio', 'pfault', 'mchk']) m.set(q, 0);
  const bump = (k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  for (const irq of irqs) {
    if (irq.kind === 'io') bump(`io/${iscFromIntWord(irq.ioIntWord)}`);
    else if (irq.type === BigInt(KVM_S390_INT_SERVICE)) bump('service');
    else if (irq.type === BigInt(KVM_S390_INT_VIRTIO)) bump('virtio');
    else if (irq.type === BigInt(KVM_S390_INT_PFAULT_DONE)) bump('pfault');
    else if (irq.type === BigInt(KVM_S390_MCHK)) bump('mchk');
    else throw new Error(`unexpected record type ${irq.type}`);
  }
  return m;
}

function pendingFromScrape(s: Scrape, vm: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const sample of s.all('flic_vm_pending_interrupts', { vm })) {
    const { queue, isc } = sample.labels;
    m.set(isc === undefined ? queue! : `${queue}/${isc}`, sample.value);
  }
  return m;
}

let flic: RunningService;
let client: FlicClient;

async function start(overrides: Partial<ServiceConfig> = {}): Promise<void> {
  flic = await startService({ ...TEST_CONFIG, ...overrides });
  client = new FlicClient(`127.0.0.1:${flic.grpcPort}`);
}

async function vmWithFlic(id: string, config: Parameters<FlicClient['createVm']>[1] = {}): Promise<void> {
  await client.createVm(id, config);
  await client.vm(id).createDevice(KVM_DEV_TYPE_FLIC);
}

afterEach(async () => {
  client.close();
  await flic.stop('test done');
});

describe('gRPC server series (go-grpc-prometheus names)', () => {
  beforeEach(() => start());

  it('pre-initialises every Flic method, and every code of grpc_server_handled_total, at 0', async () => {
    const s = await scrape(flic);
    const service = loadFlicProto().flic.v1.Flic.service;
    const methods = Object.values(service).map((d) => d.path.slice(d.path.lastIndexOf('/') + 1));
    expect(methods).toContain('Enqueue');
    expect(methods.length).toBeGreaterThanOrEqual(20);
    for (const method of methods) {
      const labels = { grpc_type: 'unary', grpc_service: 'flic.v1.Flic', grpc_method: method };
      expect(s.value('grpc_server_started_total', labels), method).toBe(0);
      expect(s.value('grpc_server_msg_received_total', labels), method).toBe(0);
      expect(s.value('grpc_server_msg_sent_total', labels), method).toBe(0);
      expect(s.value('grpc_server_handling_seconds_count', labels), method).toBe(0);
      expect(s.value('grpc_server_handling_seconds_bucket', { ...labels, le: '+Inf' }), method).toBe(0);
      for (const code of Object.values(GRPC_CODE_NAMES)) {
        expect(s.value('grpc_server_handled_total', { ...labels, grpc_code: code }), `${method} ${code}`).toBe(0);
      }
    }
    expect(s.text).toContain('# TYPE grpc_server_handled_total counter');
    expect(s.text).toContain('# TYPE grpc_server_handling_seconds histogram');
    const buckets = s
      .all('grpc_server_handling_seconds_bucket', { grpc_method: 'Enqueue' })
      .map((b) => b.labels['le']);
    // 10 µs to 10 s: microsecond handlers land in the first buckets, not all in one.
    expect(buckets).toEqual([
      '0.00001', '0.000025', '0.00005', '0.0001', '0.00025', '0.0005', '0.001', '0.0025', '0.005', '0.01', '0.025', '0.05',
      '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf',
    ]);
  });

  it('counts calls by method and Go code name, and times them', async () => {
    await vmWithFlic('vm-a');
    await client.vm('vm-a').enqueue([io(3)]);
    await client.vm('vm-a').enqueue([io(3)]);
    await expect(client.createVm('vm-a')).rejects.toMatchObject({ errnoName: 'EEXIST' });
    await expect(client.vm('nope').enqueue([io(1)])).rejects.toMatchObject({ errnoName: 'ENOENT' });
    await expect(client.vm('vm-a').getAllIrqs(0n)).rejects.toMatchObject({ errnoName: 'EINVAL' });

    const s = await scrape(flic);
    const m = (method: string): Record<string, string> => ({ grpc_type: 'unary', grpc_service: 'flic.v1.Flic', grpc_method: method });
    expect(s.value('grpc_server_started_total', m('CreateVm'))).toBe(2);
    expect(s.value('grpc_server_handled_total', { ...m('CreateVm'), grpc_code: 'OK' })).toBe(1);
    expect(s.value('grpc_server_handled_total', { ...m('CreateVm'), grpc_code: 'AlreadyExists' })).toBe(1);
    expect(s.value('grpc_server_msg_received_total', m('CreateVm'))).toBe(2);
    expect(s.value('grpc_server_msg_sent_total', m('CreateVm'))).toBe(1);
    expect(s.value('grpc_server_started_total', m('Enqueue'))).toBe(3);
    expect(s.value('grpc_server_handled_total', { ...m('Enqueue'), grpc_code: 'OK' })).toBe(2);
    expect(s.value('grpc_server_handled_total', { ...m('Enqueue'), grpc_code: 'NotFound' })).toBe(1);
    expect(s.value('grpc_server_handled_total', { ...m('GetAllIrqs'), grpc_code: 'InvalidArgument' })).toBe(1);
    expect(s.value('grpc_server_handling_seconds_count', m('Enqueue'))).toBe(3);
    expect(s.value('grpc_server_handling_seconds_bucket', { ...m('Enqueue'), le: '+Inf' })).toBe(3);
    expect(s.value('grpc_server_handling_seconds_sum', m('Enqueue'))).toBeGreaterThan(0);
    // Buckets are cumulative.
    const counts = s.all('grpc_server_handling_seconds_bucket', m('Enqueue')).map((b) => b.value);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));

    expect(s.value('flic_device_errors_total', { errno: 'EEXIST', group: 'VM' })).toBe(1);
    expect(s.value('flic_device_errors_total', { errno: 'ENOENT', group: 'VM' })).toBe(1);
    expect(s.value('flic_device_errors_total', { errno: 'EINVAL', group: 'KVM_DEV_FLIC_GET_ALL_IRQS' })).toBe(1);
  });

  it('serves only /metrics on its port', async () => {
    const other = await fetch(`http://127.0.0.1:${flic.metricsPort}/`);
    expect(other.status).toBe(404);
    await other.text();
    const post = await fetch(`http://127.0.0.1:${flic.metricsPort}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    await post.text();
  });
});

describe('device series', () => {
  beforeEach(() => start());

  it('pending interrupts per VM and queue equal what GET_ALL_IRQS returns, and the aggregates add up', async () => {
    await vmWithFlic('vm-a');
    await vmWithFlic('vm-b', { maxVcpus: 10 });
    await client.vm('vm-a').enqueue([io(0), io(3, 2), io(3, 3), io(7), ext(KVM_S390_INT_SERVICE, 8), mchk]);
    await client.vm('vm-a').enqueue([ext(KVM_S390_INT_VIRTIO), ext(KVM_S390_INT_VIRTIO), ext(KVM_S390_INT_PFAULT_DONE)]);
    await client.vm('vm-b').enqueue([io(3), io(6), ext(KVM_S390_INT_PFAULT_DONE)]);

    const s = await scrape(flic);
    for (const vm of ['vm-a', 'vm-b']) {
      const records = await client.vm(vm).getAllIrqs();
      expect(pendingFromScrape(s, vm), vm).toEqual(pendingFromRecords(records));
    }
    const a = pendingFromScrape(s, 'vm-a');
    expect(a.get('io/3')).toBe(2);
    expect(a.get('virtio')).toBe(2);

    // Aggregates: the sum over VMs, per queue.
    expect(s.value('flic_pending_interrupts', { queue: 'io', isc: '3' })).toBe(3);
    expect(s.value('flic_pending_interrupts', { queue: 'io', isc: '6' })).toBe(1);
    expect(s.value('flic_pending_interrupts', { queue: 'pfault' })).toBe(2);
    expect(s.value('flic_pending_interrupts', { queue: 'virtio' })).toBe(2);
    expect(s.value('flic_pending_interrupts', { queue: 'service' })).toBe(1);
    expect(s.value('flic_pending_interrupts', { queue: 'mchk' })).toBe(1);
    expect(s.value('flic_pending_interrupts', { queue: 'gisa', isc: '0' })).toBe(0);

    // Kernel limits, per VM (pfault follows maxVcpus), and the fullest queue over all VMs.
    expect(s.value('flic_vm_queue_limit', { vm: 'vm-a', queue: 'io' })).toBe(KVM_S390_MAX_FLOAT_IRQS);
    expect(s.value('flic_vm_queue_limit', { vm: 'vm-a', queue: 'virtio' })).toBe(KVM_S390_MAX_VIRTIO_IRQS);
    expect(s.value('flic_vm_queue_limit', { vm: 'vm-a', queue: 'pfault' })).toBe(ASYNC_PF_PER_VCPU * 255);
    expect(s.value('flic_vm_queue_limit', { vm: 'vm-b', queue: 'pfault' })).toBe(ASYNC_PF_PER_VCPU * 10);
    expect(s.value('flic_queue_fill_ratio_max', { queue: 'io' })).toBeCloseTo(4 / KVM_S390_MAX_FLOAT_IRQS, 12);
    expect(s.value('flic_queue_fill_ratio_max', { queue: 'pfault' })).toBeCloseTo(1 / (ASYNC_PF_PER_VCPU * 10), 12);

    expect(s.value('flic_vms')).toBe(2);
    expect(s.value('flic_devices')).toBe(2);
  });

  it('the limits of /metrics are the limits Inspect reports, for both kernel profiles', async () => {
    await vmWithFlic('now', { maxVcpus: 3 });
    await vmWithFlic('old', { profile: 'original' });
    const pfaultInit = ext(KVM_S390_INT_PFAULT_INIT);
    await client.vm('now').enqueue([io(1), io(5), ext(KVM_S390_INT_VIRTIO), ext(KVM_S390_INT_PFAULT_DONE)]);
    await client.vm('old').enqueue([pfaultInit, io(2), ext(KVM_S390_INT_VIRTIO), pfaultInit]);

    const old = await client.vm('old').inspect();
    // The 2013 device has one list and one limit (spec §11.3): every kind shows that list's count.
    const list = { count: 4, limit: ORIGINAL_MAX_FLOAT_IRQS };
    expect(old.limits).toEqual({ io: list, virtio: list, pfault: list });
    expect(old.depths.pfault).toBe(2);
    const now = await client.vm('now').inspect();
    expect(now.limits).toEqual({
      io: { count: 2, limit: KVM_S390_MAX_FLOAT_IRQS },
      virtio: { count: 1, limit: KVM_S390_MAX_VIRTIO_IRQS },
      pfault: { count: 1, limit: ASYNC_PF_PER_VCPU * 3 },
    });

    const s = await scrape(flic);
    for (const [vm, inspected] of [['now', now], ['old', old]] as const) {
      for (const queue of ['io', 'virtio', 'pfault'] as const) {
        expect(s.value('flic_vm_queue_limit', { vm, queue }), `${vm} ${queue}`).toBe(inspected.limits[queue].limit);
      }
    }
    const fill = (queue: 'io' | 'virtio' | 'pfault'): number =>
      Math.max(...[now, old].map((i) => i.limits[queue].count / i.limits[queue].limit));
    expect(s.value('flic_queue_fill_ratio_max', { queue: 'io' })).toBeCloseTo(fill('io'), 12);
    expect(s.value('flic_queue_fill_ratio_max', { queue: 'virtio' })).toBeCloseTo(fill('virtio'), 12);
    expect(s.value('flic_queue_fill_ratio_max', { queue: 'pfault' })).toBeCloseTo(fill('pfault'), 12);
    expect(s.value('flic_queue_fill_ratio_max', { queue: 'pfault' })).toBeCloseTo(1 / (ASYNC_PF_PER_VCPU * 3), 12);
  });

  it('VMs without a FLIC are counted but have no queue series; GISA VMs have gisa series', async () => {
    await client.createVm('bare');
    await vmWithFlic('with-gisa', { gisa: true });
    await client.vm('with-gisa').adapterRegister({ id: 1, isc: 2, maskable: false, swap: false, flags: 0 });
    await client.vm('with-gisa').airqInject(1n);
    await client.vm('with-gisa').airqInject(1n);

    const s = await scrape(flic);
    expect(s.value('flic_vms')).toBe(2);
    expect(s.value('flic_devices')).toBe(1);
    expect(s.value('flic_adapters')).toBe(1);
    expect(s.all('flic_vm_pending_interrupts', { vm: 'bare' })).toEqual([]);
    expect(s.value('flic_vm_pending_interrupts', { vm: 'with-gisa', queue: 'gisa', isc: '2' })).toBe(1);
    expect(s.value('flic_vm_pending_interrupts', { vm: 'with-gisa', queue: 'io', isc: '2' })).toBe(0);
    expect(s.value('flic_pending_interrupts', { queue: 'gisa', isc: '2' })).toBe(1);
    expect(s.value('flic_interrupts_injected_total', { class: 'adapter' })).toBe(2);
    expect(s.value('flic_interrupts_coalesced_total')).toBe(1);
  });

  it('totals by class, suppressed, cleared and coalesced stay monotonic after DeleteVm', async () => {
    await vmWithFlic('vm-a', { ais: true });
    const vm = client.vm('vm-a');
    await vm.enqueue([io(1), io(2), ext(KVM_S390_INT_VIRTIO), ext(KVM_S390_INT_PFAULT_DONE), mchk, mchk]);
    await vm.enqueue([ext(KVM_S390_INT_SERVICE, 8), ext(KVM_S390_INT_SERVICE, 1)]);
    await vm.adapterRegister({ id: 5, isc: 4, maskable: true, swap: false, flags: KVM_S390_ADAPTER_SUPPRESSIBLE });
    await vm.aism(4, KVM_S390_AIS_MODE_SINGLE);
    await vm.airqInject(5n); // goes through and arms NO-interruptions
    await vm.airqInject(5n); // suppressed
    await vm.clearIrqs();

    const expected = async (s: Scrape): Promise<void> => {
      expect(s.value('flic_interrupts_injected_total', { class: 'io' })).toBe(2);
      expect(s.value('flic_interrupts_injected_total', { class: 'adapter' })).toBe(1);
      expect(s.value('flic_interrupts_injected_total', { class: 'virtio' })).toBe(1);
      expect(s.value('flic_interrupts_injected_total', { class: 'pfault' })).toBe(1);
      expect(s.value('flic_interrupts_injected_total', { class: 'service' })).toBe(2);
      expect(s.value('flic_interrupts_injected_total', { class: 'mchk' })).toBe(2);
      expect(s.value('flic_interrupts_suppressed_total')).toBe(1);
      // service and machine check merged once each
      expect(s.value('flic_interrupts_coalesced_total')).toBe(2);
      // 2 io + 1 adapter + virtio + pfault + one service record + one machine check record
      expect(s.value('flic_interrupts_cleared_total')).toBe(7);
    };
    const before = await scrape(flic);
    await expected(before);
    expect(before.text).toContain('# TYPE flic_interrupts_injected_total counter');

    await client.deleteVm('vm-a');
    const after = await scrape(flic);
    await expected(after);
    expect(after.value('flic_vms')).toBe(0);
    expect(after.all('flic_vm_pending_interrupts')).toEqual([]);
  });
});

describe('delivery series', () => {
  beforeEach(() => start());

  const open = { pswMask: 0x0304000000000000n, cr0: 0x6e00n, cr6: 0xff000000n, cr14: 0xffffffffffffffffn, cpuId: 0 };

  it('deliveries by class and pending bit (closed label sets), TPI/TSCH hits and misses, reinjections, waiting vCPUs', async () => {
    await vmWithFlic('d');
    const vm = client.vm('d');
    await vm.enqueue([io(0), io(3), io(3, 2), mchk, { kind: 'ext', type: BigInt(KVM_S390_INT_SERVICE), extParams: 0x1001, pad: 0, extParams2: 0n }]);
    for (let i = 0; i < 4; i++) await vm.deliver(open);
    await vm.deliver({ ...open, localPending: 1n << 25n });
    await vm.deliver(open, { dryRun: true }); // not counted: it changes nothing
    const taken = await vm.tpi(0xffffffff);
    expect(taken).not.toBeNull();
    expect(await vm.tpi(0x80000000)).toBeNull();
    await vm.tsch(0x00000001);
    await vm.reinjectIo(taken!);
    const waiter = vm.deliver({ ...open, pswMask: 0n, cpuId: 3 }, { waitMs: 60_000 }).then(
      () => 'answered',
      (e: unknown) => (e instanceof KvmError ? e.errnoName : String(e)),
    );
    let s = await scrape(flic);
    for (let i = 0; i < 200 && s.value('flic_waiting_vcpus') !== 1; i++) s = await scrape(flic);

    expect(s.value('flic_interrupts_delivered_total', { class: 'machine_check', bit: '24' })).toBe(1);
    expect(s.value('flic_interrupts_delivered_total', { class: 'external', bit: '16' })).toBe(1);
    expect(s.value('flic_interrupts_delivered_total', { class: 'external', bit: '15' })).toBe(1);
    expect(s.value('flic_interrupts_delivered_total', { class: 'io', bit: '10' })).toBe(1);
    expect(s.value('flic_interrupts_delivered_total', { class: 'io', bit: '7' })).toBe(0);
    expect(s.value('flic_interrupts_delivered_total', { class: 'local', bit: '25' })).toBe(1);
    // Every class with each of its bits, and nothing else.
    const labels = s.all('flic_interrupts_delivered_total').map((x) => `${x.labels['class']}/${x.labels['bit']}`);
    expect(labels.sort()).toEqual(
      [
        ...[3, 4, 5, 6, 7, 8, 9, 10].map((b) => `io/${b}`),
        ...[11, 12, 13, 15, 16].map((b) => `external/${b}`),
        'machine_check/24',
        ...[0, 1, 2, 13, 18, 19, 20, 21, 24, 25, 27].map((b) => `local/${b}`),
      ].sort(),
    );
    expect(s.value('flic_io_dequeues_total', { instruction: 'tpi', result: 'hit' })).toBe(1);
    expect(s.value('flic_io_dequeues_total', { instruction: 'tpi', result: 'miss' })).toBe(1);
    expect(s.value('flic_io_dequeues_total', { instruction: 'tsch', result: 'hit' })).toBe(0);
    expect(s.value('flic_io_dequeues_total', { instruction: 'tsch', result: 'miss' })).toBe(1);
    expect(s.value('flic_interrupts_reinjected_total')).toBe(1);
    expect(s.value('flic_waiting_vcpus')).toBe(1);

    // The totals survive DeleteVm, which ends the wait.
    await client.deleteVm('d');
    expect(await waiter).toBe('ENOENT');
    const after = await scrape(flic);
    expect(after.value('flic_interrupts_delivered_total', { class: 'io', bit: '10' })).toBe(1);
    expect(after.value('flic_io_dequeues_total', { instruction: 'tpi', result: 'hit' })).toBe(1);
    expect(after.value('flic_waiting_vcpus')).toBe(0);
  });
});

describe('per-VM series limit (--metrics-max-vms)', () => {
  beforeEach(() => start({ metricsMaxVms: 2 }));

  it('keeps per-VM series for the first VMs only; aggregates still cover every VM', async () => {
    for (const id of ['first', 'second', 'third']) {
      await vmWithFlic(id);
      await client.vm(id).enqueue([io(5)]);
    }
    const s = await scrape(flic);
    const vms = new Set(s.all('flic_vm_pending_interrupts').map((x) => x.labels['vm']));
    expect([...vms]).toEqual(['first', 'second']);
    expect(new Set(s.all('flic_vm_queue_limit').map((x) => x.labels['vm']))).toEqual(vms);
    expect(s.value('flic_pending_interrupts', { queue: 'io', isc: '5' })).toBe(3);
    expect(s.value('flic_metrics_vm_series_limit')).toBe(2);
    expect(s.value('flic_metrics_vm_series_limited')).toBe(1);

    await client.deleteVm('first');
    const t = await scrape(flic);
    expect(new Set(t.all('flic_vm_pending_interrupts').map((x) => x.labels['vm']))).toEqual(new Set(['second', 'third']));
    expect(t.value('flic_metrics_vm_series_limited')).toBe(0);
  });
});

describe('errors are KvmError on the client too', () => {
  beforeEach(() => start());

  it('a device error is counted once per call', async () => {
    for (let i = 0; i < 3; i++) {
      await expect(client.vm('ghost').clearIrqs()).rejects.toBeInstanceOf(KvmError);
    }
    const s = await scrape(flic);
    expect(s.value('flic_device_errors_total', { errno: 'ENOENT', group: 'VM' })).toBe(3);
  });
});

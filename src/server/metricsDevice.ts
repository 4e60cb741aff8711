// Device series: queue depths, limits, totals, VM and adapter counts. Everything here is read at
// scrape time from the device's O(1) depths and maintained counters; no RPC does any work for it.
// Device errors are the exception: they are counted as they happen (errors only, so cheap).

import { Counter, Gauge } from 'prom-client';
import type { MetricValue, Registry } from 'prom-client';
import { FLOATING_EXTERNAL_BITS, FLOATING_IO_BITS, FLOATING_MCHK_BITS, ISC_COUNT, LOCAL_BITS } from '../device/abi/index.js';
import { addCounters, newCounters, type PerBitCounter, type ScalarCounter } from '../device/counters.js';
import type { KvmError } from '../device/errno.js';
import type { FlicCounters, QueueDepths, QueueLimits, VmConfig } from '../device/types.js';
import { ComputedGauge } from './metricsComputed.js';

/** What the metrics read from a VM (the device's Vm satisfies it). */
export interface MetricsVm {
  readonly id: string;
  readonly config: Pick<VmConfig, 'gisa'>;
  readonly flic: {
    depths(): QueueDepths;
    limits(): QueueLimits;
    readonly counters: Readonly<FlicCounters>;
    readonly adapterCount: number;
  } | null;
}

/** What the metrics read from the VM registry (the device's VmRegistry satisfies it). */
export interface MetricsVmSource {
  values(): Iterable<MetricsVm>;
  readonly size: number;
  /** Totals of deleted VMs, so that the *_total series never go down. */
  readonly retiredCounters: Readonly<FlicCounters>;
}

/** Queues with a kernel limit, for the limit and fill-ratio series (the engine's limits()). */
export const LIMITED_QUEUES = ['io', 'virtio', 'pfault'] as const satisfies readonly (keyof QueueLimits)[];
type LimitedQueue = (typeof LIMITED_QUEUES)[number];

const ISC_LABELS: readonly string[] = Array.from({ length: ISC_COUNT }, (_, i) => String(i));

/** The closed label sets of flic_interrupts_delivered_total: each class with its pending bits. */
const DELIVERED_CLASSES: readonly (readonly [string, readonly number[], PerBitCounter])[] = [
  ['io', FLOATING_IO_BITS, 'delivered'],
  ['external', FLOATING_EXTERNAL_BITS, 'delivered'],
  ['machine_check', FLOATING_MCHK_BITS, 'delivered'],
  ['local', LOCAL_BITS, 'deliveredLocal'],
];

const DEQUEUES: readonly (readonly [string, string, ScalarCounter])[] = [
  ['tpi', 'hit', 'tpiHits'],
  ['tpi', 'miss', 'tpiMisses'],
  ['tsch', 'hit', 'tschHits'],
  ['tsch', 'miss', 'tschMisses'],
];

const INJECTED_CLASSES: readonly (readonly [string, ScalarCounter])[] = [
  ['io', 'injectedIo'],
  ['adapter', 'injectedAdapter'],
  ['virtio', 'injectedVirtio'],
  ['pfault', 'injectedPfault'],
  ['service', 'injectedService'],
  ['mchk', 'injectedMchk'],
];

/** Raises `max` to this VM's count/limit ratios. Allocation-free: it runs for every VM. */
function raiseFill(max: Record<LimitedQueue, number>, limits: QueueLimits): void {
  for (const q of LIMITED_QUEUES) {
    const fill = limits[q].count / limits[q].limit;
    if (fill > max[q]) max[q] = fill;
  }
}

/** Adds `from` to `into`, entry by entry (a missing entry counts 0). */
function addPerIsc(into: number[], from: readonly number[]): void {
  for (let isc = 0; isc < ISC_COUNT; isc++) into[isc] = (into[isc] ?? 0) + (from[isc] ?? 0);
}

interface PerVm {
  readonly vm: MetricsVm;
  readonly depths: QueueDepths;
  readonly limits: QueueLimits;
}

/** One pass over the VMs, shared by every series of one scrape. */
interface Snapshot {
  readonly perVm: readonly PerVm[];
  readonly limited: boolean;
  readonly vms: number;
  readonly devices: number;
  readonly adapters: number;
  readonly io: number[];
  readonly gisa: number[];
  readonly single: { service: number; virtio: number; pfault: number; mchk: number };
  readonly maxFill: Record<LimitedQueue, number>;
  readonly counters: FlicCounters;
}

export interface DeviceMetricsOptions {
  readonly registry: Registry;
  readonly vms: MetricsVmSource;
  /** VMs that get per-VM series: the first ones with a FLIC, in the registry's (creation) order. */
  readonly maxVmSeries: number;
}

export class DeviceMetrics {
  private snapshotCache: Snapshot | null = null;
  private readonly errors: Counter<'errno' | 'group'>;

  constructor(private readonly options: DeviceMetricsOptions) {
    const registers = [options.registry];
    const snap = (): Snapshot => this.snapshot();

    new ComputedGauge(
      {
        name: 'flic_vm_pending_interrupts',
        help: 'Pending floating interrupts of one VM per queue (io and gisa per ISC). Only the first --metrics-max-vms VMs.',
        labelNames: ['vm', 'queue', 'isc'],
        registry: options.registry,
      },
      () => {
        const samples: MetricValue<'vm' | 'queue' | 'isc'>[] = [];
        for (const { vm, depths: d } of snap().perVm) {
          const id = vm.id;
          ISC_LABELS.forEach((isc, i) => samples.push({ labels: { vm: id, queue: 'io', isc }, value: d.io[i] ?? 0 }));
          if (vm.config.gisa) {
            ISC_LABELS.forEach((isc, i) => samples.push({ labels: { vm: id, queue: 'gisa', isc }, value: d.gisa[i] ?? 0 }));
          }
          samples.push(
            { labels: { vm: id, queue: 'service' }, value: d.service },
            { labels: { vm: id, queue: 'virtio' }, value: d.virtio },
            { labels: { vm: id, queue: 'pfault' }, value: d.pfault },
            { labels: { vm: id, queue: 'mchk' }, value: d.mchk },
          );
        }
        return samples;
      },
    );
    new ComputedGauge(
      {
        name: 'flic_vm_queue_limit',
        help: "Kernel limit of one VM's queue (io: all ISCs together). Only the first --metrics-max-vms VMs.",
        labelNames: ['vm', 'queue'],
        registry: options.registry,
      },
      () => {
        const samples: MetricValue<'vm' | 'queue'>[] = [];
        for (const { vm, limits } of snap().perVm) {
          for (const q of LIMITED_QUEUES) samples.push({ labels: { vm: vm.id, queue: q }, value: limits[q].limit });
        }
        return samples;
      },
    );
    new Gauge<'queue' | 'isc'>({
      name: 'flic_pending_interrupts',
      help: 'Pending floating interrupts of all VMs together, per queue (io and gisa per ISC).',
      labelNames: ['queue', 'isc'],
      registers,
      collect() {
        const s = snap();
        ISC_LABELS.forEach((isc, i) => this.set({ queue: 'io', isc }, s.io[i] ?? 0));
        ISC_LABELS.forEach((isc, i) => this.set({ queue: 'gisa', isc }, s.gisa[i] ?? 0));
        for (const [queue, n] of Object.entries(s.single)) this.set({ queue }, n);
      },
    });
    new Gauge<'queue'>({
      name: 'flic_queue_fill_ratio_max',
      help: 'Highest pending/limit ratio of this queue over all VMs (0..1), for near-limit alerts at any VM count.',
      labelNames: ['queue'],
      registers,
      collect() {
        const s = snap();
        for (const q of LIMITED_QUEUES) this.set({ queue: q }, s.maxFill[q]);
      },
    });
    new Counter<'class'>({
      name: 'flic_interrupts_injected_total',
      help: 'Interrupts accepted by ENQUEUE and AIRQ_INJECT, by class (deleted VMs included).',
      labelNames: ['class'],
      registers,
      collect() {
        const c = snap().counters;
        this.reset();
        for (const [cls, key] of INJECTED_CLASSES) this.inc({ class: cls }, c[key]);
      },
    });
    new Counter<'class' | 'bit'>({
      name: 'flic_interrupts_delivered_total',
      help: 'Interrupts taken by Deliver, by class and pending bit; class local: a local interrupt won (deleted VMs included).',
      labelNames: ['class', 'bit'],
      registers,
      collect() {
        const c = snap().counters;
        this.reset();
        for (const [cls, bits, key] of DELIVERED_CLASSES) {
          for (const b of bits) this.inc({ class: cls, bit: String(b) }, c[key][b] ?? 0);
        }
      },
    });
    new Counter<'instruction' | 'result'>({
      name: 'flic_io_dequeues_total',
      help: 'TPI and TSCH calls, by whether they dequeued an I/O interrupt (hit) or found none (miss) (deleted VMs included).',
      labelNames: ['instruction', 'result'],
      registers,
      collect() {
        const c = snap().counters;
        this.reset();
        for (const [instruction, result, key] of DEQUEUES) this.inc({ instruction, result }, c[key]);
      },
    });
    const total = (name: string, help: string, key: ScalarCounter): void => {
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(snap().counters[key]);
        },
      });
    };
    total('flic_interrupts_suppressed_total', 'AIRQ_INJECT calls suppressed by AIS (deleted VMs included).', 'suppressed');
    total(
      'flic_interrupts_cleared_total',
      'Pending interrupts removed by CLEAR_IRQS and CLEAR_IO_IRQ (deleted VMs included).',
      'cleared',
    );
    total('flic_interrupts_reinjected_total', 'I/O interrupts put back by ReinjectIo (deleted VMs included).', 'reinjected');
    total(
      'flic_interrupts_coalesced_total',
      'Injections merged into an already pending record: service, machine check, GISA bit (deleted VMs included).',
      'coalesced',
    );
    this.errors = new Counter({
      name: 'flic_device_errors_total',
      help: 'Device errors returned to callers, by errno name and attribute group (or operation).',
      labelNames: ['errno', 'group'],
      registers,
    });
    const gauge = (name: string, help: string, read: (s: Snapshot) => number): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read(snap()));
        },
      });
    };
    gauge('flic_vms', 'VMs in this process.', (s) => s.vms);
    gauge('flic_devices', 'VMs that have a FLIC (KVM_CREATE_DEVICE done).', (s) => s.devices);
    gauge('flic_adapters', 'Registered I/O adapters over all VMs.', (s) => s.adapters);
    gauge('flic_metrics_vm_series_limit', 'VMs that get per-VM series (--metrics-max-vms).', () => options.maxVmSeries);
    gauge(
      'flic_metrics_vm_series_limited',
      '1 when more VMs exist than get per-VM series: the flic_vm_* series then cover only the first ones.',
      (s) => (s.limited ? 1 : 0),
    );
  }

  /** Counts one device error. Called on the error path only. */
  deviceError(err: KvmError): void {
    this.errors.inc({ errno: err.errnoName, group: err.group });
  }

  /**
   * Every series of one scrape reads the same snapshot: prom-client calls the collect() callbacks
   * one after another in one synchronous pass, so the cache is dropped at the next microtask.
   */
  private snapshot(): Snapshot {
    if (this.snapshotCache !== null) return this.snapshotCache;
    const s = this.takeSnapshot();
    this.snapshotCache = s;
    queueMicrotask(() => {
      this.snapshotCache = null;
    });
    return s;
  }

  private takeSnapshot(): Snapshot {
    const { vms: source, maxVmSeries } = this.options;
    const perVm: PerVm[] = [];
    const io = new Array<number>(ISC_COUNT).fill(0);
    const gisa = new Array<number>(ISC_COUNT).fill(0);
    const single = { service: 0, virtio: 0, pfault: 0, mchk: 0 };
    const maxFill: Record<LimitedQueue, number> = { io: 0, virtio: 0, pfault: 0 };
    const counters = newCounters();
    addCounters(counters, source.retiredCounters);
    let vms = 0;
    let devices = 0;
    let adapters = 0;
    for (const vm of source.values()) {
      vms++;
      const flic = vm.flic;
      if (flic === null) continue;
      devices++;
      adapters += flic.adapterCount;
      addCounters(counters, flic.counters);
      const d = flic.depths();
      const limits = flic.limits();
      addPerIsc(io, d.io);
      addPerIsc(gisa, d.gisa);
      single.service += d.service;
      single.virtio += d.virtio;
      single.pfault += d.pfault;
      single.mchk += d.mchk;
      raiseFill(maxFill, limits);
      if (devices <= maxVmSeries) perVm.push({ vm, depths: d, limits });
    }
    return { perVm, limited: devices > maxVmSeries, vms, devices, adapters, io, gisa, single, maxFill, counters };
  }
}

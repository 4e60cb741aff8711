// Device series: queue depths, limits, totals, VM and adapter counts, the pending-interrupt
// budget. Everything here is read at scrape time from the device's O(1) depths and maintained
// counters; no RPC does any work for it. Device errors are the exception: they are counted as they
// happen (errors only, so cheap), under label values from a closed set.
//
// A scrape first takes a DeviceSnapshot a slice at a time (prepare()); prom-client then reads the
// aggregates from it, and the per-VM families come as ready text (perVmText()).

import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import {
  FLIC_GROUP_NAMES,
  FLOATING_EXTERNAL_BITS,
  FLOATING_IO_BITS,
  FLOATING_MCHK_BITS,
  ISC_COUNT,
  LOCAL_BITS,
  OPERATION_NAMES,
} from '../device/abi/index.js';
import type { PerBitCounter, ScalarCounter } from '../device/counters.js';
import type { KvmError } from '../device/errno.js';
import {
  DeviceSnapshotBuilder,
  LIMITED_QUEUES,
  LIMIT_FAMILY,
  PENDING_FAMILY,
  type DeviceSnapshot,
  type MetricsVmSource,
} from './deviceSnapshot.js';
import { runInSlices } from './slices.js';

export type { MetricsVm, MetricsVmSource } from './deviceSnapshot.js';
export { LIMITED_QUEUES } from './deviceSnapshot.js';

const ISC_LABELS: readonly string[] = Array.from({ length: ISC_COUNT }, (_, i) => String(i));

/** VMs taken into a snapshot between two looks at the clock (a few tens of microseconds). */
const VMS_PER_STEP = 16;
/**
 * A scrape's slices are shorter than a reply's: a client scraping in a loop gets one exposition a
 * second, and the calls that meet a slice should barely notice it (bench section 11).
 */
const SNAPSHOT_SLICE_MS = 0.25;

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

/** The group label of flic_device_errors_total: a group or operation the device knows, else this. */
export const UNKNOWN_GROUP = 'unknown';
const ERROR_GROUPS: ReadonlySet<string> = new Set([...Object.values(FLIC_GROUP_NAMES), ...OPERATION_NAMES]);

const PER_VM_HELP: Readonly<Record<string, string>> = {
  [PENDING_FAMILY]: 'Pending floating interrupts of one VM per queue (io and gisa per ISC). Only the first --metrics-max-vms VMs.',
  [LIMIT_FAMILY]: "Kernel limit of one VM's queue (io: all ISCs together). Only the first --metrics-max-vms VMs.",
};

export interface DeviceMetricsOptions {
  readonly registry: Registry;
  readonly vms: MetricsVmSource;
  /** VMs that get per-VM series: the first ones with a FLIC, in the registry's (creation) order. */
  readonly maxVmSeries: number;
}

export class DeviceMetrics {
  /** The snapshot the aggregates are read from while prom-client writes a scrape. */
  private prepared: DeviceSnapshot | null = null;
  private readonly errors: Counter<'errno' | 'group'>;

  constructor(private readonly options: DeviceMetricsOptions) {
    const registers = [options.registry];
    const snap = (): DeviceSnapshot => this.current();

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
      help: `Device errors returned to callers, by errno name and attribute group (or operation; "${UNKNOWN_GROUP}" for a group number the kernel does not have).`,
      labelNames: ['errno', 'group'],
      registers,
    });
    const gauge = (name: string, help: string, read: () => number): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    };
    gauge('flic_vms', 'VMs in this process.', () => snap().vms);
    gauge('flic_devices', 'VMs that have a FLIC (KVM_CREATE_DEVICE done).', () => snap().devices);
    gauge('flic_adapters', 'Registered I/O adapters over all VMs.', () => snap().adapters);
    gauge('flic_metrics_vm_series_limit', 'VMs that get per-VM series (--metrics-max-vms).', () => options.maxVmSeries);
    gauge(
      'flic_metrics_vm_series_limited',
      '1 when more VMs exist than get per-VM series: the flic_vm_* series then cover only the first ones.',
      () => (snap().limited ? 1 : 0),
    );
    const budget = options.vms.pendingBudget;
    if (budget !== null) {
      gauge('flic_pending_interrupt_budget_bytes', 'Bytes the pending interrupts of all VMs may hold (--max-pending-bytes).', () => budget.limitBytes);
      gauge(
        'flic_pending_interrupt_bytes',
        "Bytes the pending interrupts' queues hold now, as the budget counts them (ENOMEM when an injection does not fit).",
        () => budget.usedBytes,
      );
    }
  }

  /** Counts one device error. Called on the error path only. */
  deviceError(err: KvmError): void {
    this.errors.inc({ errno: err.errnoName, group: ERROR_GROUPS.has(err.group) ? err.group : UNKNOWN_GROUP });
  }

  /** Takes the next scrape's snapshot a slice at a time, with other work running in between. */
  async prepare(): Promise<DeviceSnapshot> {
    const builder = new DeviceSnapshotBuilder(this.options.vms, this.options.maxVmSeries);
    await runInSlices(() => builder.step(VMS_PER_STEP), undefined, SNAPSHOT_SLICE_MS);
    return builder.finish();
  }

  /** The snapshot prom-client reads the aggregates from (null: take one synchronously when read). */
  use(snapshot: DeviceSnapshot | null): void {
    this.prepared = snapshot;
  }

  /** The per-VM families of a snapshot as exposition text, HELP and TYPE lines included. */
  perVmText(s: DeviceSnapshot): Buffer[] {
    const family = (name: string, lines: readonly Buffer[]): Buffer[] => [
      Buffer.from(`# HELP ${name} ${PER_VM_HELP[name] ?? ''}\n# TYPE ${name} gauge\n`),
      ...lines,
    ];
    return [...family(PENDING_FAMILY, s.pendingLines), ...family(LIMIT_FAMILY, s.limitLines)];
  }

  private current(): DeviceSnapshot {
    if (this.prepared !== null) return this.prepared;
    const builder = new DeviceSnapshotBuilder(this.options.vms, this.options.maxVmSeries);
    while (!builder.step(Number.MAX_SAFE_INTEGER));
    const s = builder.finish();
    // One synchronous snapshot serves every series of the same scrape.
    this.prepared = s;
    queueMicrotask(() => {
      if (this.prepared === s) this.prepared = null;
    });
    return s;
  }
}

// One pass over the VMs for a scrape: the aggregates of every VM, and the per-VM series of the
// first --metrics-max-vms VMs written straight as exposition text (at 10,000 VMs that is 160,000
// lines; taking them through prom-client's label objects cost a second of main thread). The pass
// goes a bounded number of VMs at a time (step()), so the server can run calls in between. The
// monotonic totals must count a VM deleted during the pass exactly once: when the deleted VMs'
// totals moved during the pass, finish() sums every VM again in one synchronous go.

import { ISC_COUNT } from '../device/abi/index.js';
import { COUNTER_NAMES, PER_BIT_COUNTER_NAMES, addCounters, copyCounters, newCounters } from '../device/counters.js';
import type { FlicCounters, QueueDepths, QueueLimits, VmConfig } from '../device/types.js';
import { ExpositionWriter, ascii } from './expositionText.js';

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
  readonly pendingBudget: { readonly limitBytes: number; readonly usedBytes: number } | null;
}

/** Queues with a kernel limit, for the limit and fill-ratio series (the engine's limits()). */
export const LIMITED_QUEUES = ['io', 'virtio', 'pfault'] as const satisfies readonly (keyof QueueLimits)[];
export type LimitedQueue = (typeof LIMITED_QUEUES)[number];

export const PENDING_FAMILY = 'flic_vm_pending_interrupts';
export const LIMIT_FAMILY = 'flic_vm_queue_limit';
const SINGLE_QUEUES = ['service', 'virtio', 'pfault', 'mchk'] as const;
/** Per-VM series of one VM with a GISA, the most a VM has: io and gisa per ISC, the single queues, the limits. */
export const PER_VM_SERIES_MAX = 2 * ISC_COUNT + SINGLE_QUEUES.length + LIMITED_QUEUES.length;

/** The aggregates of one scrape. */
export interface DeviceSnapshot {
  readonly limited: boolean;
  readonly vms: number;
  readonly devices: number;
  readonly adapters: number;
  readonly io: readonly number[];
  readonly gisa: readonly number[];
  readonly single: Readonly<Record<(typeof SINGLE_QUEUES)[number], number>>;
  readonly maxFill: Readonly<Record<LimitedQueue, number>>;
  readonly counters: Readonly<FlicCounters>;
  /** The per-VM families' sample lines, as text chunks (no HELP or TYPE lines). */
  readonly pendingLines: readonly Buffer[];
  readonly limitLines: readonly Buffer[];
}

function sameCounters(a: Readonly<FlicCounters>, b: Readonly<FlicCounters>): boolean {
  if (!COUNTER_NAMES.every((k) => a[k] === b[k])) return false;
  // A VM that only delivered local interrupts moves nothing but its per-bit counts.
  return PER_BIT_COUNTER_NAMES.every((k) => a[k].length === b[k].length && a[k].every((n, bit) => n === b[k][bit]));
}

/** The fixed parts of the per-VM lines, encoded once. */
const PENDING_VM = ascii(`${PENDING_FAMILY}{vm="`);
const LIMIT_VM = ascii(`${LIMIT_FAMILY}{vm="`);
const iscLabels = (queue: string): Buffer[] => Array.from({ length: ISC_COUNT }, (_, isc) => ascii(`",queue="${queue}",isc="${isc}"} `));
const IO_ISC = iscLabels('io');
const GISA_ISC = iscLabels('gisa');
const SINGLE_QUEUE = SINGLE_QUEUES.map((q) => ascii(`",queue="${q}"} `));
const LIMIT_QUEUE = LIMITED_QUEUES.map((q) => ascii(`",queue="${q}"} `));
const NL = ascii('\n');

/** One sample line: `family{vm="<id>` + the rest of its labels + value + newline. */
function writeLine(w: ExpositionWriter, family: Buffer, vmId: string, labels: Buffer, value: number): void {
  w.line();
  w.bytes(family);
  w.labelValue(vmId);
  w.bytes(labels);
  w.uint(value);
  w.bytes(NL);
}

export class DeviceSnapshotBuilder {
  private readonly vmsLeft: Iterator<MetricsVm>;
  private vms = 0;
  private devices = 0;
  private adapters = 0;
  private readonly io = new Array<number>(ISC_COUNT).fill(0);
  private readonly gisa = new Array<number>(ISC_COUNT).fill(0);
  private readonly single = { service: 0, virtio: 0, pfault: 0, mchk: 0 };
  private readonly maxFill: Record<LimitedQueue, number> = { io: 0, virtio: 0, pfault: 0 };
  private readonly pendingLines = new ExpositionWriter();
  private readonly limitLines = new ExpositionWriter();
  /** The live VMs' totals, as the pass met them. */
  private readonly live = newCounters();
  /** The deleted VMs' totals when the pass began. */
  private readonly retiredAtStart: Readonly<FlicCounters>;

  constructor(
    private readonly source: MetricsVmSource,
    private readonly maxVmSeries: number,
  ) {
    this.vmsLeft = source.values()[Symbol.iterator]();
    // A copy of the per-bit arrays too: the registry adds a deleted VM's counts into them in place.
    this.retiredAtStart = copyCounters(source.retiredCounters);
  }

  /** Takes up to `count` more VMs into the snapshot; true once every VM has been seen. */
  step(count: number): boolean {
    let done = false;
    for (let i = 0; i < count; i++) {
      const next = this.vmsLeft.next();
      if (next.done === true) {
        done = true;
        break;
      }
      const vm = next.value;
      this.vms++;
      const flic = vm.flic;
      if (flic === null) continue;
      this.devices++;
      this.adapters += flic.adapterCount;
      addCounters(this.live, flic.counters);
      const d = flic.depths();
      const l = flic.limits();
      for (let isc = 0; isc < ISC_COUNT; isc++) {
        this.io[isc]! += d.io[isc] ?? 0;
        this.gisa[isc]! += d.gisa[isc] ?? 0;
      }
      for (const q of SINGLE_QUEUES) this.single[q] += d[q];
      for (const q of LIMITED_QUEUES) {
        const fill = l[q].count / l[q].limit;
        if (fill > this.maxFill[q]) this.maxFill[q] = fill;
      }
      if (this.devices <= this.maxVmSeries) this.writeVm(vm, d, l);
    }
    return done;
  }

  /** The per-VM lines of one VM: pending per queue (io and gisa per ISC), and the limits. */
  private writeVm(vm: MetricsVm, d: QueueDepths, l: QueueLimits): void {
    const p = this.pendingLines;
    const id = vm.id;
    for (let isc = 0; isc < ISC_COUNT; isc++) writeLine(p, PENDING_VM, id, IO_ISC[isc]!, d.io[isc] ?? 0);
    if (vm.config.gisa) for (let isc = 0; isc < ISC_COUNT; isc++) writeLine(p, PENDING_VM, id, GISA_ISC[isc]!, d.gisa[isc] ?? 0);
    for (let i = 0; i < SINGLE_QUEUES.length; i++) writeLine(p, PENDING_VM, id, SINGLE_QUEUE[i]!, d[SINGLE_QUEUES[i]!]);
    for (let i = 0; i < LIMITED_QUEUES.length; i++) writeLine(this.limitLines, LIMIT_VM, id, LIMIT_QUEUE[i]!, l[LIMITED_QUEUES[i]!].limit);
  }

  /** The snapshot; its totals are each VM's, live or deleted, counted once. */
  finish(): DeviceSnapshot {
    const counters = newCounters();
    addCounters(counters, this.source.retiredCounters);
    if (sameCounters(this.source.retiredCounters, this.retiredAtStart)) {
      addCounters(counters, this.live);
    } else {
      for (const vm of this.source.values()) if (vm.flic !== null) addCounters(counters, vm.flic.counters);
    }
    return {
      limited: this.devices > this.maxVmSeries,
      vms: this.vms,
      devices: this.devices,
      adapters: this.adapters,
      io: this.io,
      gisa: this.gisa,
      single: this.single,
      maxFill: this.maxFill,
      counters,
      pendingLines: this.pendingLines.finish(),
      limitLines: this.limitLines.finish(),
    };
  }
}

// In-process device figures (issue 2): the cost of the model alone, without any transport.
import { performance } from 'node:perf_hooks';
import {
  KVM_DEV_FLIC_CLEAR_IO_IRQ,
  KVM_DEV_FLIC_ENQUEUE,
  KVM_DEV_FLIC_GET_ALL_IRQS,
  KVM_DEV_TYPE_FLIC,
  KVM_S390_FLIC_MAX_BUFFER,
  KVM_S390_IRQ_SIZE,
  KVM_S390_MAX_FLOAT_IRQS,
  SCHID_SIZE,
  VmRegistry,
  encodeIrqs,
  encodeSchid,
  joinSchid,
  put32,
  type Vm,
} from '../../src/device/index.js';
import { OPEN } from '../../test/support/deliveryVectors.js';
import { ABSENT_SUBCHANNEL, ioIrq, ioIrqs, ioSchid } from '../../test/support/workload.js';
import { budgetOverheadFigures } from './budgetOverhead.js';

export interface DeviceFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target, and whether a higher value is better. */
  readonly target: number;
  readonly higherIsBetter: boolean;
}

export interface DeviceBenchOptions {
  readonly quick: boolean;
}

function freshVm(reg: VmRegistry, id: string): Vm {
  reg.createVm(id);
  const vm = reg.get(id);
  vm.createDevice(KVM_DEV_TYPE_FLIC);
  return vm;
}

/** Best of several timed rounds: the least disturbed measurement on a shared machine. */
function bestOf<T>(rounds: number, setup: () => T, run: (state: T) => number): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const state = setup();
    const t0 = performance.now();
    const ops = run(state);
    const dt = (performance.now() - t0) / 1000;
    best = Math.min(best, dt / ops);
  }
  return best;
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g === undefined) throw new Error('run node with --expose-gc for the memory figures');
  g();
  g();
}

function heapNow(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** A CLEAR_IO_IRQ of a subchannel that ioIrq never uses: it removes nothing. */
const ABSENT_SCHID_CLEAR = {
  flags: 0,
  group: KVM_DEV_FLIC_CLEAR_IO_IRQ,
  attr: BigInt(SCHID_SIZE),
  data: encodeSchid(joinSchid(ABSENT_SUBCHANNEL.subchannelId, ABSENT_SUBCHANNEL.subchannelNr)),
  badAddr: false,
};

/**
 * Heap per pending I/O interrupt: one VM with a full I/O queue, including the subchannel index
 * that its first CLEAR_IO_IRQ builds.
 */
function memoryPerInterrupt(): number {
  const reg = new VmRegistry();
  const all = encodeIrqs(ioIrqs(KVM_S390_MAX_FLOAT_IRQS));
  const before = heapNow();
  const vm = freshVm(reg, 'm');
  vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(all.length), data: all, badAddr: false });
  vm.setAttr(ABSENT_SCHID_CLEAR);
  const after = heapNow();
  if (vm.flic!.depths().total !== KVM_S390_MAX_FLOAT_IRQS || all.length === 0) throw new Error('short fill');
  return (after - before) / KVM_S390_MAX_FLOAT_IRQS;
}

/** Heap per idle VM with a FLIC. */
function memoryPerIdleVm(vms: number): number {
  const reg = new VmRegistry({ maxVms: vms });
  const before = heapNow();
  for (let i = 0; i < vms; i++) freshVm(reg, `vm-${i}`);
  const after = heapNow();
  if (reg.size !== vms) throw new Error('short registry');
  return (after - before) / vms;
}

export function runDeviceBench(opts: DeviceBenchOptions): DeviceFigure[] {
  const figures: DeviceFigure[] = [];
  // Memory first, on a clean heap.
  const vms = opts.quick ? 20_000 : 100_000;
  figures.push({ name: 'memory per pending I/O interrupt (full queue)', value: memoryPerInterrupt(), unit: 'B', target: 150, higherIsBetter: false });
  figures.push({ name: `memory per idle VM with a FLIC (${vms.toLocaleString('en')} VMs)`, value: memoryPerIdleVm(vms), unit: 'B', target: 2048, higherIsBetter: false });

  const rounds = opts.quick ? 3 : 7;
  const reg = new VmRegistry({ maxVms: 200_000 });
  let seq = 0;

  // 1. Typed ENQUEUE of one I/O interrupt. The queue is emptied between rounds so depth stays bounded.
  const single = [ioIrq(5)];
  const n1 = opts.quick ? 100_000 : 250_000;
  const perEnqueue = bestOf(rounds, () => freshVm(reg, `e${seq++}`), (vm) => {
    for (let i = 0; i < n1; i++) vm.enqueue(single);
    return n1;
  });
  figures.push({ name: 'ENQUEUE one I/O interrupt (typed, in-process)', value: 1 / perEnqueue, unit: 'ops/s', target: 3_000_000, higherIsBetter: true });

  // 1b. Deliver taking one I/O interrupt per call (issue 15), from a queue filled outside the
  // timed region, with every gate open; against 1's ENQUEUE rate. The first rounds of a fresh
  // delivery path run at half speed while V8 settles, so two untimed rounds go first.
  const deliverFill = encodeIrqs(ioIrqs(Math.min(n1, KVM_S390_MAX_FLOAT_IRQS)));
  const filledVm = (): Vm => {
    const vm = freshVm(reg, `v${seq++}`);
    vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(deliverFill.length), data: deliverFill, badAddr: false });
    return vm;
  };
  const deliverAll = (vm: Vm): number => {
    const n = vm.flic!.depths().total;
    for (let i = 0; i < n; i++) if (vm.deliver(OPEN).interruptClass !== 'io') throw new Error('short delivery');
    reg.deleteVm(vm.id);
    return n;
  };
  for (let w = 0; w < 2; w++) deliverAll(filledVm());
  const perDelivery = bestOf(rounds, filledVm, deliverAll);
  figures.push({
    name: `Deliver one I/O interrupt (in-process, every gate open); ENQUEUE ÷ Deliver = ${(perDelivery / perEnqueue).toFixed(2)}`,
    value: 1 / perDelivery,
    unit: 'ops/s',
    target: 1_000_000,
    higherIsBetter: true,
  });

  // 2. Raw ENQUEUE of 1,000-record batches.
  const batch = encodeIrqs(ioIrqs(1000));
  const batchCall = { flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(batch.length), data: batch, badAddr: false };
  const batches = 200; // 200,000 interrupts, below the 266,250 limit
  const perIrq = bestOf(rounds, () => freshVm(reg, `b${seq++}`), (vm) => {
    for (let i = 0; i < batches; i++) vm.setAttr(batchCall);
    return batches * 1000;
  });
  figures.push({ name: 'ENQUEUE raw 1,000-record batches', value: 1 / perIrq, unit: 'irqs/s', target: 5_000_000, higherIsBetter: true });

  // 3. CLEAR_IO_IRQ against queue depth. Only the CLEAR_IO_IRQ calls are timed, in blocks of ten;
  // the ten subchannels are enqueued again outside the timed region so the depth stays fixed. The
  // harness reuses one call object and one schid buffer, so its own data adds no cache misses.
  // Two patterns: subchannels picked at random over the whole queue (the worst case for caches),
  // and in service order (oldest first, as a guest drains its interrupts).
  const clearCost = (depth: number, pattern: 'random' | 'fifo'): number => {
    const vm = freshVm(reg, `c${seq++}`);
    const fill = encodeIrqs(ioIrqs(depth));
    vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(fill.length), data: fill, badAddr: false });
    const blocks = opts.quick ? 5_000 : 20_000;
    const schid = new Uint8Array(SCHID_SIZE);
    const clear = { flags: 0, group: KVM_DEV_FLIC_CLEAR_IO_IRQ, attr: BigInt(SCHID_SIZE), data: schid, badAddr: false };
    const picked = new Int32Array(10);
    const pickedSchid = new Uint32Array(10);
    let best = Infinity;
    let cursor = 0;
    for (let r = 0; r < rounds; r++) {
      let ns = 0n;
      for (let b = 0; b < blocks; b++) {
        for (let j = 0; j < 10; j++) {
          const k = pattern === 'random' ? ((b * 10 + j) * 7919 + r * 104729) % depth : cursor;
          picked[j] = k;
          pickedSchid[j] = ioSchid(k);
          cursor = (cursor + 1) % depth;
        }
        const t0 = process.hrtime.bigint();
        for (const word of pickedSchid) {
          put32(schid, 0, word);
          vm.setAttr(clear);
        }
        ns += process.hrtime.bigint() - t0;
        for (const k of picked) vm.enqueue([ioIrq(k)]);
      }
      best = Math.min(best, Number(ns) / (blocks * 10));
    }
    if (vm.flic!.depths().total !== depth) throw new Error('CLEAR_IO_IRQ bench lost its depth');
    reg.deleteVm(vm.id);
    return best;
  };
  for (const pattern of ['random', 'fifo'] as const) {
    const small = clearCost(10, pattern);
    const mid = clearCost(10_000, pattern);
    const full = clearCost(KVM_S390_MAX_FLOAT_IRQS, pattern);
    figures.push({
      name: `CLEAR_IO_IRQ ${pattern === 'random' ? 'random subchannels' : 'service order'}: 10 / 10,000 / 266,250 entries = ${small.toFixed(0)} / ${mid.toFixed(0)} / ${full.toFixed(0)} ns; full ÷ 10`,
      value: full / small,
      unit: '×',
      target: 2,
      higherIsBetter: false,
    });
  }

  // 4. The first CLEAR_IO_IRQ after a full queue was enqueued: it builds the subchannel index
  // (ENQUEUE does not keep one until a CLEAR_IO_IRQ needs it), a one-time cost per filled queue.
  const all = encodeIrqs(ioIrqs(KVM_S390_MAX_FLOAT_IRQS));
  const indexBuild = bestOf(
    rounds,
    () => {
      const vm = freshVm(reg, `i${seq++}`);
      vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(all.length), data: all, badAddr: false });
      return vm;
    },
    (vm) => {
      vm.setAttr(ABSENT_SCHID_CLEAR);
      reg.deleteVm(vm.id);
      return 1;
    },
  );
  figures.push({ name: 'first CLEAR_IO_IRQ after filling a full I/O queue (builds the subchannel index)', value: indexBuild * 1000, unit: 'ms', target: 100, higherIsBetter: false });

  // 5. GET_ALL_IRQS of a full I/O queue, encoded raw (19.17 MB).
  const fullVm = freshVm(reg, `g${seq++}`);
  fullVm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(all.length), data: all, badAddr: false });
  const getAll = bestOf(rounds, () => fullVm, (vm) => {
    const r = vm.getAttr({ flags: 0, group: KVM_DEV_FLIC_GET_ALL_IRQS, attr: BigInt(KVM_S390_FLIC_MAX_BUFFER), data: new Uint8Array(0), badAddr: false });
    if (r.data.length !== KVM_S390_MAX_FLOAT_IRQS * KVM_S390_IRQ_SIZE) throw new Error('short GET_ALL_IRQS');
    return 1;
  });
  figures.push({ name: 'GET_ALL_IRQS of a full I/O queue (19.17 MB raw)', value: getAll * 1000, unit: 'ms', target: 100, higherIsBetter: false });

  // 6. The pending-interrupt budget's cost on batched ENQUEUE (with a budget against without).
  figures.push(...budgetOverheadFigures(opts.quick));

  return figures;
}

export function formatDeviceFigures(figures: readonly DeviceFigure[]): string {
  const lines = ['| figure | measured | target | met |', '|---|---:|---:|:-:|'];
  for (const f of figures) {
    const met = f.higherIsBetter ? f.value >= f.target : f.value <= f.target;
    const v = f.value >= 100 ? Math.round(f.value).toLocaleString('en') : f.value.toFixed(2);
    lines.push(`| ${f.name} | ${v} ${f.unit} | ${f.higherIsBetter ? '≥' : '≤'} ${f.target.toLocaleString('en')} ${f.unit} | ${met ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}

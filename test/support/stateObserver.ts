// The fixed sequence of calls that observes every part of a VM's state (issue 14): run on a VM and
// on its import, it must answer identically. Each call's answer (or errno and figures) is one
// entry of the result. It reads Inspect, GET_ALL_IRQS, AISM_ALL, AIRQ_INJECT on every adapter
// id, UNMAP and MAP of every adapter, a second service signal and machine check merging with the
// pending ones, deliveries until nothing is left (masked_irqs shows), the PV SCLP intercept, TPI
// and TSCH, and fills of every queue to its limit (each fill's answer says how many records still
// fitted; the caller compares the two VMs' exports afterwards, which covers the full queues).
import {
  KVM_DEV_FLIC_ENQUEUE,
  KVM_S390_FLIC_MAX_BUFFER,
  KVM_S390_MAX_FLOAT_IRQS,
  KVM_S390_MAX_VIRTIO_IRQS,
  KvmError,
  MAX_S390_IO_ADAPTERS,
  type FlicApi,
} from '../../src/device/index.js';
import { EXT, IO, MCHK, cat } from '../conformance/recordBytes.js';
import { OPEN } from './deliveryVectors.js';

const MAX = BigInt(KVM_S390_FLIC_MAX_BUFFER);

async function answer(fn: () => unknown): Promise<unknown> {
  try {
    const value: unknown = await fn();
    return { value: value ?? null };
  } catch (err) {
    if (err instanceof KvmError) return { errno: err.errnoName, metadata: err.metadata };
    throw err;
  }
}

let fills: { io: Uint8Array; virtio: Uint8Array; pfault: Uint8Array } | undefined;

/** Records enough to fill each queue from empty (built once: 19 MB of I/O records). */
function fillRecords(): { io: Uint8Array; virtio: Uint8Array; pfault: Uint8Array } {
  if (fills !== undefined) return fills;
  const io = new Uint8Array(KVM_S390_MAX_FLOAT_IRQS * 72);
  for (let i = 0; i < KVM_S390_MAX_FLOAT_IRQS; i++) io.set(IO(0x00010001, 0xfe02, i & 0xffff, i, ((i & 7) << 27) >>> 0), i * 72);
  const virtio = new Uint8Array(KVM_S390_MAX_VIRTIO_IRQS * 72);
  const v = EXT(0xffff2603, 0x77, 0, 0x88n);
  for (let i = 0; i < KVM_S390_MAX_VIRTIO_IRQS; i++) virtio.set(v, i * 72);
  const pfault = new Uint8Array(64 * 255 * 72);
  const p = EXT(0xfffe0005, 0x66, 0, 0x99n);
  for (let i = 0; i < 64 * 255; i++) pfault.set(p, i * 72);
  fills = { io, virtio, pfault };
  return fills;
}

export interface ObserveOptions {
  /** Fill every queue to its limit (the slow part; on by default). */
  readonly fill?: boolean;
}

export async function observeState(vm: FlicApi, options: ObserveOptions = {}): Promise<unknown[]> {
  const out: unknown[] = [];
  const step = async (name: string, fn: () => unknown): Promise<void> => {
    out.push([name, await answer(fn)]);
  };
  const set = (data: Uint8Array) => vm.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(data.length), data, badAddr: false });
  const inspected = await vm.inspect();
  out.push(['inspect', inspected]);
  await step('getAismAll', () => vm.getAismAll());
  for (let id = 0; id <= MAX_S390_IO_ADAPTERS; id++) await step(`airq ${id}`, () => vm.airqInject(BigInt(id)));
  for (const a of inspected.adapters) {
    for (const addr of [...a.mappings, 0x3000n]) await step(`unmap ${a.id} ${addr}`, () => vm.adapterModify({ id: a.id, type: 3, mask: false, addr }));
    await step(`mask ${a.id}`, () => vm.adapterModify({ id: a.id, type: 1, mask: true, addr: 0n }));
  }
  const first = inspected.adapters[0];
  if (first !== undefined) {
    let maps = 0;
    for (; maps < 260; maps++) {
      const r = await answer(() => vm.adapterModify({ id: first.id, type: 2, mask: false, addr: 0x1000n + BigInt(maps) }));
      if (typeof r === 'object' && r !== null && 'errno' in r) {
        out.push(['maps until failure', maps, r]);
        break;
      }
    }
  }
  await step('merge service and machine check', () => vm.enqueue([
    { kind: 'ext', type: 0xffff2401n, extParams: 0x5678 | 2, pad: 0, extParams2: 0n },
    { kind: 'mchk', type: 0xfffe1000n, cr14: 0x10000000n, mcic: 0x40n, failingStorageAddress: 0n, extDamageCode: 0, pad: 0, fixedLogout: new Uint8Array(16) },
  ]));
  await step('getAllIrqs', () => vm.getAllIrqs(MAX));
  await step('enqueue again', () => set(cat(IO(0x00010001, 0xfe01, 1, 1, 0x08000000), EXT(0xffff2401, 0x800, 0, 0n), MCHK(0n, 1n))));
  for (let i = 0; i < 40; i++) {
    const d = await answer(() => vm.deliver(OPEN));
    out.push([`deliver ${i}`, d]);
    if (typeof d === 'object' && d !== null && 'value' in d && (d.value as { interruptClass?: string }).interruptClass === 'none') break;
  }
  await step('pvSclpIntercept', () => vm.pvSclpIntercept());
  await step('deliver after intercept', () => vm.deliver(OPEN));
  await step('tpi', () => vm.tpi(0xff000000));
  await step('tsch', () => vm.tsch(((0xfe01 << 16) | 1) >>> 0));
  await step('inspect after', () => vm.inspect());
  if (options.fill !== false) {
    const f = fillRecords();
    await step('fill I/O', () => set(f.io));
    await step('fill VIRTIO', () => set(f.virtio));
    await step('fill PFAULT_DONE', () => set(f.pfault));
  }
  return out;
}

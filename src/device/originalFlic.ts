// The 2013 FLIC (spec §11.3), for the `original` kernel profile: three groups, no HAS, one list
// for every floating interrupt with I/O kept in descending ISC order, no merging, one limit whose
// overflow is EINVAL, and a GET_ALL_IRQS that copies record by record.
import {
  FLIC_GROUP_NAMES,
  IRQ_TYPE_SIZE,
  ISC_COUNT,
  IrqClass,
  KVM_DEV_FLIC_CLEAR_IRQS,
  KVM_DEV_FLIC_ENQUEUE,
  KVM_DEV_FLIC_GET_ALL_IRQS,
  KVM_S390_IRQ_SIZE,
  KVM_S390_MAX_VIRTIO_IRQS,
  ORIGINAL_MAX_FLOAT_IRQS,
  ASYNC_PF_PER_VCPU,
  KVM_S390_INT_PFAULT_DONE,
  KVM_S390_INT_PFAULT_INIT,
  KVM_S390_INT_VIRTIO,
  decodeIrq,
  encodeIrqs,
  groupName,
  iscFromIntWord,
  payloadSize,
  u32,
} from './abi.js';
import { newCounters } from './counters.js';
import { OK, type EngineInspection, type FlicEngine } from './engine.js';
import { enqueueRecords } from './enqueueLoop.js';
import { KvmError } from './errno.js';
import type { AttrCall, AttrResult, FlicCounters, Irq, QueueDepths, VmConfig } from './types.js';

const ENQUEUE = FLIC_GROUP_NAMES[KVM_DEV_FLIC_ENQUEUE]!;
const GET_ALL = FLIC_GROUP_NAMES[KVM_DEV_FLIC_GET_ALL_IRQS]!;
const NOT_IO = -1;

interface Entry {
  /** The record as GET_ALL_IRQS copies it: type and the union member, the rest zero. */
  readonly record: Uint8Array;
  readonly cls: IrqClass;
  /** ISC of an I/O entry, NOT_IO otherwise. */
  readonly isc: number;
  prev: Entry | null;
  next: Entry | null;
}

export class OriginalFlic implements FlicEngine {
  private head: Entry | null = null;
  private tail: Entry | null = null;
  /** The first I/O entry of each ISC: the list keeps I/O in descending ISC order. */
  private readonly firstOfIsc: (Entry | null)[] = new Array<Entry | null>(ISC_COUNT).fill(null);
  private readonly ioDepth: number[] = new Array<number>(ISC_COUNT).fill(0);
  private readonly byClass: number[] = new Array<number>(IrqClass.Other + 1).fill(0);
  private count = 0;
  readonly counters: FlicCounters = newCounters();
  readonly adapterCount = 0;

  constructor(readonly config: VmConfig) {}

  setAttr(call: AttrCall): AttrResult {
    switch (call.group) {
      case KVM_DEV_FLIC_ENQUEUE:
        enqueueRecords(call, this.injectRecord);
        return OK;
      case KVM_DEV_FLIC_CLEAR_IRQS:
        this.counters.cleared += this.count;
        this.head = this.tail = null;
        this.firstOfIsc.fill(null);
        this.ioDepth.fill(0);
        this.byClass.fill(0);
        this.count = 0;
        return OK;
      default:
        throw new KvmError('EINVAL', groupName(call.group), 'SET is not supported by the 2013 FLIC for this group');
    }
  }

  /** The 2013 profile has no speed target: typed records simply take the byte path. */
  enqueueTyped(irqs: readonly Irq[]): void {
    const data = encodeIrqs(irqs);
    this.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(data.length), data, badAddr: false });
  }

  getAttr(call: AttrCall): AttrResult {
    if (call.group !== KVM_DEV_FLIC_GET_ALL_IRQS) {
      throw new KvmError('EINVAL', groupName(call.group), 'GET is not supported by the 2013 FLIC for this group');
    }
    return this.copyAll(call);
  }

  hasAttr(call: AttrCall): AttrResult {
    throw new KvmError('EPERM', groupName(call.group), 'the 2013 FLIC has no has_attr operation');
  }

  depths(): QueueDepths {
    const c = this.byClass;
    return {
      io: this.ioDepth.slice(),
      gisa: new Array<number>(ISC_COUNT).fill(0),
      virtio: c[IrqClass.Virtio]!,
      pfault: c[IrqClass.PfaultDone]! + c[IrqClass.PfaultInit]!,
      service: c[IrqClass.Service]!,
      mchk: c[IrqClass.Mchk]!,
      total: this.count,
    };
  }

  inspect(): EngineInspection {
    const list: Irq[] = [];
    for (let e = this.head; e !== null; e = e.next) list.push(decodeIrq(e.record, 0));
    const io: Irq[][] = Array.from({ length: ISC_COUNT }, () => []);
    for (const irq of list) if (irq.kind === 'io') io[iscFromIntWord(irq.ioIntWord)]!.push(irq);
    const ofTypes = (...types: number[]): Irq[] => list.filter((irq) => types.includes(Number(irq.type)));
    return {
      io,
      gisaIpm: null,
      pfaultDone: ofTypes(KVM_S390_INT_PFAULT_DONE, KVM_S390_INT_PFAULT_INIT),
      virtio: ofTypes(KVM_S390_INT_VIRTIO),
      service: { pending: this.byClass[IrqClass.Service]! > 0, sccbPending: false, eventPending: false, extParams: 0 },
      machineCheck: { pending: this.byClass[IrqClass.Mchk]! > 0, cr14: 0n, mcic: 0n },
      list,
      ais: { simm: 0, nimm: 0, facility: false },
      adapters: [],
      apfEnabled: false,
      limits: {
        io: { count: this.count, limit: ORIGINAL_MAX_FLOAT_IRQS },
        virtio: { count: this.byClass[IrqClass.Virtio]!, limit: KVM_S390_MAX_VIRTIO_IRQS },
        pfault: { count: this.byClass[IrqClass.PfaultDone]!, limit: ASYNC_PF_PER_VCPU * this.config.maxVcpus },
      },
    };
  }

  private readonly injectRecord = (cls: IrqClass, _hi: number, _lo: number, b: Uint8Array, p: number, i: number): void => {
    if (this.count >= ORIGINAL_MAX_FLOAT_IRQS) {
      throw new KvmError('EINVAL', ENQUEUE, `record ${i}: the interrupt list is full (${ORIGINAL_MAX_FLOAT_IRQS})`);
    }
    const record = new Uint8Array(KVM_S390_IRQ_SIZE);
    record.set(b.subarray(p - IRQ_TYPE_SIZE, p + payloadSize(cls)));
    const isc = cls === IrqClass.Io ? iscFromIntWord(u32(b, p + 8)) : NOT_IO;
    const e: Entry = { record, cls, isc, prev: null, next: null };
    if (isc === NOT_IO) this.insertBefore(e, null);
    else this.insertIo(e, isc);
    this.byClass[cls]!++;
    this.count++;
    countInjection(this.counters, cls);
  };

  /** Before the first I/O entry of a lower ISC (the highest non-empty ISC below this one). */
  private insertIo(e: Entry, isc: number): void {
    let before: Entry | null = null;
    for (let lower = isc - 1; lower >= 0 && before === null; lower--) before = this.firstOfIsc[lower]!;
    this.insertBefore(e, before);
    if (this.firstOfIsc[isc] === null) this.firstOfIsc[isc] = e;
    this.ioDepth[isc]!++;
  }

  private insertBefore(e: Entry, before: Entry | null): void {
    const prev = before === null ? this.tail : before.prev;
    e.prev = prev;
    e.next = before;
    if (prev === null) this.head = e;
    else prev.next = e;
    if (before === null) this.tail = e;
    else before.prev = e;
  }

  /** No length checks; ENOMEM and EFAULT leave the records copied before them in place. */
  private copyAll(call: AttrCall): AttrResult {
    const fits = call.attr / BigInt(KVM_S390_IRQ_SIZE);
    const n = fits < BigInt(this.count) ? Number(fits) : this.count;
    if (n > 0 && call.badAddr) {
      throw new KvmError('EFAULT', GET_ALL, 'cannot write interrupt record 0: addr is not accessible');
    }
    const out = new Uint8Array(n * KVM_S390_IRQ_SIZE);
    let e = this.head;
    for (let i = 0; i < n; i++, e = e!.next) out.set(e!.record, i * KVM_S390_IRQ_SIZE);
    if (n < this.count) {
      throw new KvmError('ENOMEM', GET_ALL, `buffer of ${call.attr} bytes ran out after ${n} records`, {
        metadata: { requiredBytes: String(this.count * KVM_S390_IRQ_SIZE) },
        written: out,
      });
    }
    return { ret: n, data: out };
  }
}

function countInjection(c: FlicCounters, cls: IrqClass): void {
  switch (cls) {
    case IrqClass.Io:
      c.injectedIo++;
      return;
    case IrqClass.Virtio:
      c.injectedVirtio++;
      return;
    case IrqClass.Service:
      c.injectedService++;
      return;
    case IrqClass.Mchk:
      c.injectedMchk++;
      return;
    default:
      c.injectedPfault++;
  }
}

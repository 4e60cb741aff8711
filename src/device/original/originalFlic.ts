// The 2013 FLIC (spec §11.3), for the `original` kernel profile: the attribute dispatch. Three
// groups, no HAS, no merging, and a GET_ALL_IRQS that copies record by record; the list itself is
// the state (originalState.ts). Delivery, TPI and TSCH take entries out of that list
// (originalDelivery.ts).
import {
  IO_INT_PARM_OFFSET,
  IO_INT_WORD_OFFSET,
  IO_SCHID_WORD_OFFSET,
  IRQ_TYPE_LO_OFFSET,
  IRQ_TYPE_OFFSET,
  IRQ_UNION_OFFSET,
  ISC_COUNT,
  IrqClass,
  KVM_DEV_FLIC_CLEAR_IRQS,
  KVM_DEV_FLIC_ENQUEUE,
  KVM_DEV_FLIC_GET_ALL_IRQS,
  KVM_S390_IRQ_SIZE,
  OP_PV_SCLP_INTERCEPT,
  OP_REINJECT_IO,
  OP_VM,
  classifyType,
  encodeIrqs,
  groupName,
  iscFromIntWord,
  payloadSize,
  subchannelIdOf,
  subchannelNrOf,
  u32,
  writeIoRecord,
} from '../abi/index.js';
import type { CpuWords } from '../delivery/cpuState.js';
import { OK, type EngineInspection, type FlicEngine } from '../engine.js';
import { enqueueRecords } from '../enqueueLoop.js';
import { ErrorFigure, KvmError, counted } from '../errno.js';
import type { EngineImage } from '../state/vmImage.js';
import type { PendingMemory } from '../pendingBudget.js';
import type { AttrCall, AttrResult, Delivery, FlicCounters, IoIrq, Irq, QueueDepths, QueueLimits } from '../types.js';
import { deliverOriginal, tpiOriginal, tschOriginal } from './originalDelivery.js';
import { OriginalState, type ListEntry } from './originalState.js';

const ENQUEUE = groupName(KVM_DEV_FLIC_ENQUEUE);
const GET_ALL = groupName(KVM_DEV_FLIC_GET_ALL_IRQS);

export class OriginalFlic implements FlicEngine {
  private readonly state: OriginalState;
  readonly adapterCount = 0;

  constructor(memory: PendingMemory) {
    this.state = new OriginalState(memory);
  }

  get counters(): Readonly<FlicCounters> {
    return this.state.counters;
  }

  requireRoom(records: number, group: string): void {
    this.state.requireRoom(records, group);
  }

  depths(): QueueDepths {
    return this.state.depths();
  }

  limits(): QueueLimits {
    return this.state.limits();
  }

  get arrivals(): number {
    return this.state.arrivals;
  }

  get changes(): number {
    return this.state.changes;
  }

  pendingRecords(): Uint8Array {
    const out = new Uint8Array(this.state.count * KVM_S390_IRQ_SIZE);
    this.state.copyRecords(out, this.state.count);
    return out;
  }

  capture(): EngineImage {
    return this.state.capture();
  }

  restore(image: EngineImage): void {
    if (image.profile !== 'original') throw new KvmError('EINVAL', OP_VM, 'a current-profile image cannot restore a 2013 FLIC');
    this.state.restore(image);
  }

  /**
   * The 2013 kernel woke the lowest-numbered idle vCPU (find_first_bit of its idle mask), so its
   * scan always starts at vCPU 0 and a vCPU that begins waiting does not move it.
   */
  readonly waitScanStart = 0;

  beginWait(): void {}

  deliver(cpu: CpuWords, dryRun: boolean): Delivery {
    return deliverOriginal(this.state, cpu, dryRun);
  }

  tpi(iscMask: number): IoIrq | null {
    return this.dequeue(tpiOriginal(this.state, iscMask), false);
  }

  tsch(schid: number): IoIrq | null {
    return this.dequeue(tschOriginal(this.state, schid), true);
  }

  reinjectIo(type: number, schid: number, parm: number, word: number): void {
    const record = new Uint8Array(KVM_S390_IRQ_SIZE);
    writeIoRecord(new DataView(record.buffer), 0, type, schid, parm, word);
    this.state.reinject(record, OP_REINJECT_IO);
  }

  /** Unreachable through Vm (a 2013-profile VM cannot be protected); refused all the same. */
  pvSclpIntercept(): void {
    throw new KvmError('EINVAL', OP_PV_SCLP_INTERCEPT, 'the 2013 FLIC has no protected guests');
  }

  private dequeue(e: ListEntry | null, tsch: boolean): IoIrq | null {
    this.state.countDequeue(tsch, e !== null);
    if (e === null) return null;
    this.state.remove(e);
    const p = IRQ_UNION_OFFSET;
    const schid = u32(e.record, p + IO_SCHID_WORD_OFFSET);
    return {
      kind: 'io',
      type: BigInt(u32(e.record, IRQ_TYPE_LO_OFFSET)),
      subchannelId: subchannelIdOf(schid),
      subchannelNr: subchannelNrOf(schid),
      ioIntParm: u32(e.record, p + IO_INT_PARM_OFFSET),
      ioIntWord: u32(e.record, p + IO_INT_WORD_OFFSET),
    };
  }

  setAttr(call: AttrCall): AttrResult {
    switch (call.group) {
      case KVM_DEV_FLIC_ENQUEUE:
        enqueueRecords(call, this.injectRecord, this.requireEnqueueRoom);
        return OK;
      case KVM_DEV_FLIC_CLEAR_IRQS:
        this.state.clear();
        return OK;
      default:
        throw new KvmError('EINVAL', groupName(call.group), 'SET is not supported by the 2013 FLIC for this group');
    }
  }

  /** The 2013 profile has no speed target: typed records take the byte path. */
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

  inspect(): EngineInspection {
    const list = new Uint8Array(this.state.count * KVM_S390_IRQ_SIZE);
    this.state.copyRecords(list, this.state.count);
    // The views: each record goes to the view its class belongs to, in list order.
    const io: Uint8Array[][] = Array.from({ length: ISC_COUNT }, () => []);
    const pfaultDone: Uint8Array[] = [];
    const virtio: Uint8Array[] = [];
    for (let o = 0; o < list.length; o += KVM_S390_IRQ_SIZE) {
      const record = list.subarray(o, o + KVM_S390_IRQ_SIZE);
      switch (classifyType(u32(record, IRQ_TYPE_OFFSET), u32(record, IRQ_TYPE_LO_OFFSET))) {
        case IrqClass.Io:
          io[iscFromIntWord(u32(record, IRQ_UNION_OFFSET + IO_INT_WORD_OFFSET))]?.push(record);
          break;
        case IrqClass.PfaultDone:
        case IrqClass.PfaultInit:
          pfaultDone.push(record);
          break;
        case IrqClass.Virtio:
          virtio.push(record);
          break;
        default:
      }
    }
    return {
      io: io.map(concatRecords),
      gisaIpm: null,
      pfaultDone: concatRecords(pfaultDone),
      virtio: concatRecords(virtio),
      service: { pending: this.state.countOf(IrqClass.Service) > 0, sccbPending: false, eventPending: false, extParams: 0 },
      machineCheck: { pending: this.state.countOf(IrqClass.Mchk) > 0, cr14: 0n, mcic: 0n },
      list,
      ais: { simm: 0, nimm: 0, facility: false },
      adapters: [],
      apfEnabled: false,
      maskedIrqs: 0,
      waitScanStart: this.waitScanStart,
    };
  }

  private readonly requireEnqueueRoom = (records: number): void => {
    this.state.requireRoom(records, ENQUEUE);
  };

  /** The record from its type to the end of the member the type selects, the rest zero. */
  private readonly injectRecord = (cls: IrqClass, _hi: number, _lo: number, b: Uint8Array, p: number, i: number): void => {
    const record = new Uint8Array(KVM_S390_IRQ_SIZE);
    record.set(b.subarray(p - IRQ_UNION_OFFSET, p + payloadSize(cls)));
    this.state.push(cls, record, ENQUEUE, i);
  };

  /** No length checks; ENOMEM and EFAULT leave the records copied before them in place. */
  private copyAll(call: AttrCall): AttrResult {
    const count = this.state.count;
    const fits = call.attr / BigInt(KVM_S390_IRQ_SIZE);
    const n = fits < BigInt(count) ? Number(fits) : count;
    if (n > 0 && call.badAddr) {
      throw new KvmError('EFAULT', GET_ALL, 'cannot write interrupt record 0: addr is not accessible');
    }
    const out = new Uint8Array(n * KVM_S390_IRQ_SIZE);
    this.state.copyRecords(out, n);
    if (n < count) {
      throw new KvmError('ENOMEM', GET_ALL, `buffer of ${call.attr} bytes ran out after ${counted(n, 'record')}`, {
        metadata: {
          [ErrorFigure.RequiredBytes]: String(count * KVM_S390_IRQ_SIZE),
          [ErrorFigure.WrittenRecords]: String(n),
        },
        written: out,
      });
    }
    return { ret: n, data: out };
  }
}

function concatRecords(records: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(records.length * KVM_S390_IRQ_SIZE);
  records.forEach((r, i) => out.set(r, i * KVM_S390_IRQ_SIZE));
  return out;
}

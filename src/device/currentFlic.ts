// The FLIC of current kernels (spec §2-§8): per-type queues, merged service and machine-check
// words, the optional GISA, adapters and AIS.
import { AdapterTable } from './adapters.js';
import {
  ASYNC_PF_PER_VCPU,
  EXT_PAD_OFFSET,
  EXT_PARAMS2_OFFSET,
  FLIC_GROUP_MAX,
  FLIC_GROUP_MIN,
  FLIC_GROUP_NAMES,
  IO_INT_WORD_AI,
  ISC_COUNT,
  IrqClass,
  KVM_DEV_FLIC_ADAPTER_MODIFY,
  KVM_DEV_FLIC_ADAPTER_REGISTER,
  KVM_DEV_FLIC_AIRQ_INJECT,
  KVM_DEV_FLIC_AISM,
  KVM_DEV_FLIC_AISM_ALL,
  KVM_DEV_FLIC_APF_DISABLE_WAIT,
  KVM_DEV_FLIC_APF_ENABLE,
  KVM_DEV_FLIC_CLEAR_IO_IRQ,
  KVM_DEV_FLIC_CLEAR_IRQS,
  KVM_DEV_FLIC_ENQUEUE,
  KVM_DEV_FLIC_GET_ALL_IRQS,
  KVM_S390_AIS_ALL_SIZE,
  KVM_S390_AIS_MODE_ALL,
  KVM_S390_AIS_MODE_SINGLE,
  KVM_S390_AIS_REQ_SIZE,
  KVM_S390_INT_IO_ADAPTER,
  KVM_S390_INT_IO_AI_MASK,
  KVM_S390_IO_ADAPTER_REQ_SIZE,
  KVM_S390_IO_ADAPTER_SIZE,
  KVM_S390_IRQ_SIZE,
  KVM_S390_MAX_FLOAT_IRQS,
  KVM_S390_MAX_VIRTIO_IRQS,
  MAX_ISC,
  MCHK_CR14_KEPT,
  MCHK_CR14_LO_OFFSET,
  MCHK_MCIC_OFFSET,
  SCHID_SIZE,
  IRQ_TYPE_SIZE,
  classifyType,
  decodeAdapter,
  encodeIrq,
  hi32,
  join64,
  lo32,
  decodeAdapterRequest,
  decodeAisRequest,
  iscFromIntWord,
  iscMask,
  iscToIntWord,
  groupName,
  countBits,
  u32,
} from './abi.js';
import { newCounters } from './counters.js';
import { collectCurrent } from './currentGetAll.js';
import { OK, type EngineInspection, type FlicEngine } from './engine.js';
import { checkTypedBatch, enqueueRecords, rejectType } from './enqueueLoop.js';
import { KvmError } from './errno.js';
import { ExtQueue } from './extQueue.js';
import { IoQueues } from './ioQueues.js';
import { ServiceSignal, MachineCheck } from './mergedIrqs.js';
import { snapshotCurrent } from './currentInspect.js';
import type { AttrCall, AttrResult, FlicCounters, Irq, QueueDepths, VmConfig } from './types.js';
import { requireReadable, requireWritable } from './userMemory.js';

const G = FLIC_GROUP_NAMES;
const ENQUEUE = G[KVM_DEV_FLIC_ENQUEUE]!;
const CLEAR_IO = G[KVM_DEV_FLIC_CLEAR_IO_IRQ]!;
const AISM = G[KVM_DEV_FLIC_AISM]!;
const AISM_ALL = G[KVM_DEV_FLIC_AISM_ALL]!;
const AIRQ = G[KVM_DEV_FLIC_AIRQ_INJECT]!;
const SCHID_ATTR = BigInt(SCHID_SIZE);
/** One record, for typed records whose kind is not the member their type selects. */
const recordScratch = new Uint8Array(KVM_S390_IRQ_SIZE);

export class CurrentFlic implements FlicEngine {
  readonly io = new IoQueues();
  readonly virtio = new ExtQueue(KVM_S390_MAX_VIRTIO_IRQS);
  readonly pfault: ExtQueue;
  readonly pfaultLimit: number;
  readonly service = new ServiceSignal();
  readonly mchk = new MachineCheck();
  /** GISA interruption-pending mask; stays 0 without a GISA. */
  gisaIpm = 0;
  simm = 0;
  nimm = 0;
  apfEnabled = false;
  readonly adapters: AdapterTable;
  readonly counters: FlicCounters = newCounters();

  constructor(readonly config: VmConfig) {
    this.pfaultLimit = ASYNC_PF_PER_VCPU * config.maxVcpus;
    this.pfault = new ExtQueue(this.pfaultLimit);
    this.adapters = new AdapterTable(config);
  }

  get adapterCount(): number {
    return this.adapters.count;
  }

  setAttr(call: AttrCall): AttrResult {
    switch (call.group) {
      case KVM_DEV_FLIC_ENQUEUE:
        enqueueRecords(call, this.injectRecord);
        return OK;
      case KVM_DEV_FLIC_CLEAR_IRQS:
        this.clearAll();
        return OK;
      case KVM_DEV_FLIC_APF_ENABLE:
      case KVM_DEV_FLIC_APF_DISABLE_WAIT:
        if (this.config.ucontrol) throw new KvmError('EINVAL', G[call.group]!, 'not available on a ucontrol VM');
        // DISABLE_WAIT waits for async page faults in flight; an emulator has none.
        this.apfEnabled = call.group === KVM_DEV_FLIC_APF_ENABLE;
        return OK;
      case KVM_DEV_FLIC_ADAPTER_REGISTER:
        requireReadable(call, G[call.group]!, 0, KVM_S390_IO_ADAPTER_SIZE, 'struct kvm_s390_io_adapter');
        this.adapters.register(decodeAdapter(call.data));
        return OK;
      case KVM_DEV_FLIC_ADAPTER_MODIFY:
        requireReadable(call, G[call.group]!, 0, KVM_S390_IO_ADAPTER_REQ_SIZE, 'struct kvm_s390_io_adapter_req');
        this.adapters.modify(decodeAdapterRequest(call.data));
        return OK;
      case KVM_DEV_FLIC_CLEAR_IO_IRQ:
        this.clearIoIrq(call);
        return OK;
      case KVM_DEV_FLIC_AISM:
        this.setAisMode(call);
        return OK;
      case KVM_DEV_FLIC_AIRQ_INJECT:
        this.injectAdapterIrq(lo32(call.attr));
        return OK;
      case KVM_DEV_FLIC_AISM_ALL:
        this.requireAis(AISM_ALL);
        requireReadable(call, AISM_ALL, 0, KVM_S390_AIS_ALL_SIZE, 'struct kvm_s390_ais_all');
        this.simm = call.data[0]!;
        this.nimm = call.data[1]!;
        return OK;
      default:
        throw new KvmError('EINVAL', groupName(call.group), unknownDirection(call.group, 'SET'));
    }
  }

  getAttr(call: AttrCall): AttrResult {
    switch (call.group) {
      case KVM_DEV_FLIC_GET_ALL_IRQS:
        return collectCurrent(this, call);
      case KVM_DEV_FLIC_AISM_ALL: {
        if (call.attr < BigInt(KVM_S390_AIS_ALL_SIZE)) {
          throw new KvmError('EINVAL', AISM_ALL, `buffer of ${call.attr} bytes is smaller than struct kvm_s390_ais_all`);
        }
        this.requireAis(AISM_ALL);
        requireWritable(call, AISM_ALL, 'struct kvm_s390_ais_all');
        return { ret: 0, data: Uint8Array.of(this.simm, this.nimm) };
      }
      default:
        throw new KvmError('EINVAL', groupName(call.group), unknownDirection(call.group, 'GET'));
    }
  }

  hasAttr(call: AttrCall): AttrResult {
    if (call.group >= FLIC_GROUP_MIN && call.group <= FLIC_GROUP_MAX) return OK;
    throw new KvmError('ENXIO', groupName(call.group), `unknown attribute group ${call.group}`);
  }

  depths(): QueueDepths {
    const gisa = new Array<number>(ISC_COUNT);
    for (let isc = 0; isc < ISC_COUNT; isc++) gisa[isc] = (this.gisaIpm & iscMask(isc)) !== 0 ? 1 : 0;
    return {
      io: this.io.depths(),
      gisa,
      virtio: this.virtio.count,
      pfault: this.pfault.count,
      service: this.service.pending ? 1 : 0,
      mchk: this.mchk.pending ? 1 : 0,
      total: countBits(this.gisaIpm) + this.queuedRecords(),
    };
  }

  /** Records GET_ALL_IRQS reports besides the GISA bits: queues plus the merged service and machine check. */
  queuedRecords(): number {
    return this.io.count + this.virtio.count + this.pfault.count + (this.service.pending ? 1 : 0) + (this.mchk.pending ? 1 : 0);
  }

  inspect(): EngineInspection {
    return snapshotCurrent(this);
  }

  // ---- injection (spec §4) -------------------------------------------------------------------

  /**
   * Typed ENQUEUE: records whose kind is the union member their type selects go straight to the
   * per-class injection below, the same methods the byte path calls; any other record is encoded
   * and read back exactly as the kernel reads those bytes.
   */
  enqueueTyped(irqs: readonly Irq[]): void {
    checkTypedBatch(irqs);
    for (let i = 0; i < irqs.length; i++) {
      const irq = irqs[i]!;
      const t = irq.type;
      const cls = t <= 0xffffffffn ? classifyType(0, lo32(t)) : IrqClass.Other;
      if (cls === IrqClass.Io && irq.kind === 'io') {
        this.injectIoRecord(lo32(t), ((irq.subchannelId << 16) | irq.subchannelNr) >>> 0, irq.ioIntParm, irq.ioIntWord);
      } else if (cls === IrqClass.Mchk && irq.kind === 'mchk') {
        this.injectMchkRecord(lo32(irq.cr14), hi32(irq.mcic), lo32(irq.mcic));
      } else if (irq.kind === 'ext' && cls !== IrqClass.Io && cls !== IrqClass.Mchk && cls !== IrqClass.Other) {
        this.injectExtRecord(cls, t, irq.extParams, irq.pad, hi32(irq.extParams2), lo32(irq.extParams2), i);
      } else {
        if (cls === IrqClass.Other) rejectType(hi32(t), lo32(t), i);
        encodeIrq(irq, recordScratch, 0);
        this.injectRecord(cls, 0, lo32(t), recordScratch, IRQ_TYPE_SIZE, i);
      }
    }
  }

  /** The byte path's sink: read the member the type selects, then inject it. */
  private readonly injectRecord = (cls: IrqClass, hi: number, lo: number, b: Uint8Array, p: number, i: number): void => {
    switch (cls) {
      case IrqClass.Io:
        this.injectIoRecord(lo, u32(b, p), u32(b, p + 4), u32(b, p + 8));
        return;
      case IrqClass.Mchk:
        this.injectMchkRecord(u32(b, p + MCHK_CR14_LO_OFFSET), u32(b, p + MCHK_MCIC_OFFSET), u32(b, p + MCHK_MCIC_OFFSET + 4));
        return;
      default:
        this.injectExtRecord(cls, join64(hi, lo), u32(b, p), u32(b, p + EXT_PAD_OFFSET), u32(b, p + EXT_PARAMS2_OFFSET), u32(b, p + EXT_PARAMS2_OFFSET + 4), i);
    }
  };

  private injectIoRecord(type: number, schid: number, parm: number, word: number): void {
    this.injectIo(type, schid, parm, word, ENQUEUE);
    this.counters.injectedIo++;
  }

  /** cr14 arrives as its low half: the only bit a floating machine check keeps lives there. */
  private injectMchkRecord(cr14Lo: number, mcicHi: number, mcicLo: number): void {
    if (this.mchk.inject(cr14Lo & MCHK_CR14_KEPT, mcicHi, mcicLo)) this.counters.coalesced++;
    this.counters.injectedMchk++;
  }

  private injectExtRecord(cls: IrqClass, type: bigint, params: number, pad: number, p2hi: number, p2lo: number, i: number): void {
    switch (cls) {
      case IrqClass.Virtio:
        if (this.virtio.count >= KVM_S390_MAX_VIRTIO_IRQS) {
          throw new KvmError('EBUSY', ENQUEUE, `record ${i}: VIRTIO queue is full (${KVM_S390_MAX_VIRTIO_IRQS})`);
        }
        this.virtio.push(params, pad, p2hi, p2lo);
        this.counters.injectedVirtio++;
        return;
      case IrqClass.PfaultDone:
        if (this.pfault.count >= this.pfaultLimit) {
          throw new KvmError('EBUSY', ENQUEUE, `record ${i}: PFAULT_DONE queue is full (${this.pfaultLimit})`);
        }
        this.pfault.push(params, pad, p2hi, p2lo);
        this.counters.injectedPfault++;
        return;
      case IrqClass.Service:
        if (this.service.inject(params)) this.counters.coalesced++;
        this.counters.injectedService++;
        return;
      default:
        throw new KvmError('EINVAL', ENQUEUE, `record ${i}: type 0x${type.toString(16)} cannot be injected as a floating interrupt`);
    }
  }

  /** §4.2: an I/O interrupt goes to the GISA (AI with a GISA) or to its ISC queue. */
  private injectIo(type: number, schid: number, parm: number, word: number, group: string): void {
    if (this.config.gisa && (type & KVM_S390_INT_IO_AI_MASK) !== 0) {
      const bit = iscMask(iscFromIntWord(word));
      if ((this.gisaIpm & bit) !== 0) this.counters.coalesced++;
      this.gisaIpm |= bit;
      return;
    }
    if (this.io.count >= KVM_S390_MAX_FLOAT_IRQS) {
      throw new KvmError('EBUSY', group, `I/O queues are full (${KVM_S390_MAX_FLOAT_IRQS} shared by all ISCs)`);
    }
    this.io.push(type, schid, parm, word);
  }

  /** §6.3: AIRQ_INJECT with AIS suppression. The adapter's mask is not consulted. */
  private injectAdapterIrq(id: number): void {
    const a = this.adapters.find(id);
    if (a === undefined) throw new KvmError('EINVAL', AIRQ, `no adapter with id ${id}`);
    const word = (IO_INT_WORD_AI | iscToIntWord(a.isc)) >>> 0;
    if (!this.config.ais || !a.suppressible) {
      this.injectIo(KVM_S390_INT_IO_ADAPTER, 0, 0, word, AIRQ);
      this.counters.injectedAdapter++;
      return;
    }
    const m = iscMask(a.isc);
    if ((this.nimm & m) !== 0) {
      this.counters.suppressed++;
      return;
    }
    this.injectIo(KVM_S390_INT_IO_ADAPTER, 0, 0, word, AIRQ);
    this.counters.injectedAdapter++;
    if ((this.simm & m) !== 0) this.nimm |= m;
  }

  // ---- the other groups ----------------------------------------------------------------------

  /** §3.3: every pending interrupt goes; adapters, AIS masks and APF state stay. */
  private clearAll(): void {
    this.counters.cleared += countBits(this.gisaIpm) + this.queuedRecords();
    this.io.clear();
    this.virtio.clear();
    this.pfault.clear();
    this.service.clear();
    this.mchk.clear();
    this.gisaIpm = 0;
  }

  /** §3.8 and §8. */
  private clearIoIrq(call: AttrCall): void {
    if (call.flags !== 0) throw new KvmError('EINVAL', CLEAR_IO, `flags must be 0, got ${call.flags}`);
    if (call.attr !== SCHID_ATTR) {
      throw new KvmError('EINVAL', CLEAR_IO, `attr must be ${SCHID_SIZE} (the schid length), got ${call.attr}`);
    }
    requireReadable(call, CLEAR_IO, 0, SCHID_SIZE, 'the schid');
    const schid = u32(call.data, 0);
    if (schid === 0) throw new KvmError('EINVAL', CLEAR_IO, 'schid must not be 0');
    if (this.io.removeFirst(schid)) this.counters.cleared++;
  }

  /** §3.9. */
  private setAisMode(call: AttrCall): void {
    this.requireAis(AISM);
    requireReadable(call, AISM, 0, KVM_S390_AIS_REQ_SIZE, 'struct kvm_s390_ais_req');
    const { isc, mode } = decodeAisRequest(call.data);
    if (isc > MAX_ISC) throw new KvmError('EINVAL', AISM, `isc ${isc} is above MAX_ISC (${MAX_ISC})`);
    const m = iscMask(isc);
    switch (mode) {
      case KVM_S390_AIS_MODE_ALL:
        this.simm &= ~m;
        this.nimm &= ~m;
        return;
      case KVM_S390_AIS_MODE_SINGLE:
        this.simm |= m;
        this.nimm &= ~m;
        return;
      default:
        throw new KvmError('EINVAL', AISM, `unknown AIS mode ${mode}`);
    }
  }

  private requireAis(group: string): void {
    if (!this.config.ais) throw new KvmError('EOPNOTSUPP', group, 'the AIS facility (72) is not enabled for this VM');
  }
}

function unknownDirection(group: number, direction: 'SET' | 'GET'): string {
  return FLIC_GROUP_NAMES[group] === undefined
    ? `unknown attribute group ${group}`
    : `${direction} is not supported by this group`;
}


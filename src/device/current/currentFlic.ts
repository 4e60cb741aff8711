// The FLIC of current kernels (spec §2-§8): the attribute dispatch, and the entry points of
// delivery (currentDelivery.ts, currentDequeue.ts). Each group's call is checked in the kernel's
// order, decoded from the kernel's bytes and applied to the state (currentState.ts); the state is
// all this engine holds.
import {
  EXT_PAD_OFFSET,
  EXT_PARAMS2_OFFSET,
  EXT_PARAMS_OFFSET,
  FLIC_GROUP_MAX,
  FLIC_GROUP_MIN,
  IO_INT_PARM_OFFSET,
  IO_INT_WORD_OFFSET,
  IO_SCHID_WORD_OFFSET,
  IRQ_UNION_OFFSET,
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
  KVM_S390_IO_ADAPTER_REQ_SIZE,
  KVM_S390_IO_ADAPTER_SIZE,
  KVM_S390_IRQ_SIZE,
  LOW_WORD,
  MAX_ISC,
  MCHK_CR14_OFFSET,
  MCHK_MCIC_OFFSET,
  OP_REINJECT_IO,
  OP_VM,
  SCHID_SIZE,
  classifyType,
  decodeAdapter,
  decodeAdapterRequest,
  decodeAisAll,
  decodeAisRequest,
  encodeIrq,
  groupName,
  hi32,
  isKnownGroup,
  join64,
  joinSchid,
  lo32,
  subchannelIdOf,
  subchannelNrOf,
  u32,
} from '../abi/index.js';
import type { CpuWords } from '../delivery/cpuState.js';
import { OK, type EngineInspection, type FlicEngine } from '../engine.js';
import { acceptedBefore, checkTypedBatch, enqueueRecords, rejectType } from '../enqueueLoop.js';
import { KvmError } from '../errno.js';
import type { EngineImage } from '../state/vmImage.js';
import type { PendingMemory } from '../pendingBudget.js';
import type { AttrCall, AttrResult, Delivery, FlicCounters, IoIrq, Irq, QueueDepths, QueueLimits, VmConfig } from '../types.js';
import { requireReadable, requireWritable } from '../userMemory.js';
import { deliverCurrent } from './currentDelivery.js';
import { tpiCurrent, tschCurrent } from './currentDequeue.js';
import { collectCurrent } from './currentGetAll.js';
import { inspectCurrent } from './currentInspect.js';
import { CurrentState } from './currentState.js';
import type { IoEntry } from './ioQueues.js';

const ENQUEUE = groupName(KVM_DEV_FLIC_ENQUEUE);
const CLEAR_IO = groupName(KVM_DEV_FLIC_CLEAR_IO_IRQ);
const AISM = groupName(KVM_DEV_FLIC_AISM);
const AISM_ALL = groupName(KVM_DEV_FLIC_AISM_ALL);
const AIRQ = groupName(KVM_DEV_FLIC_AIRQ_INJECT);
const SCHID_ATTR = BigInt(SCHID_SIZE);
/** One record, for typed records whose kind is not the member their type selects. */
const recordScratch = new Uint8Array(KVM_S390_IRQ_SIZE);
/** The interrupt TPI or TSCH dequeues. */
const dequeued: IoEntry = { type: 0, schid: 0, parm: 0, word: 0 };

export class CurrentFlic implements FlicEngine {
  private readonly state: CurrentState;

  constructor(
    private readonly config: VmConfig,
    memory: PendingMemory,
  ) {
    this.state = new CurrentState(config, memory);
  }

  get counters(): Readonly<FlicCounters> {
    return this.state.counters;
  }

  get adapterCount(): number {
    return this.state.adapterCount;
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

  inspect(): EngineInspection {
    return inspectCurrent(this.state, this.config);
  }

  get arrivals(): number {
    return this.state.arrivals;
  }

  get waitScanStart(): number {
    return this.state.waitScanStart;
  }

  get changes(): number {
    return this.state.changes;
  }

  pendingRecords(): Uint8Array {
    return this.state.pendingRecords();
  }

  capture(): EngineImage {
    return this.state.capture();
  }

  restore(image: EngineImage): void {
    if (image.profile !== 'current') throw new KvmError('EINVAL', OP_VM, 'a 2013-profile image cannot restore a current FLIC');
    this.state.restore(image);
  }

  // ---- delivery (docs/delivery.md §1-§5) --------------------------------------------------------

  deliver(cpu: CpuWords, dryRun: boolean): Delivery {
    return deliverCurrent(this.state, this.config.protected, cpu, dryRun);
  }

  tpi(iscMask: number): IoIrq | null {
    const hit = tpiCurrent(this.state, iscMask, dequeued);
    this.state.countDequeue(false, hit);
    return hit ? dequeuedIrq() : null;
  }

  tsch(schid: number): IoIrq | null {
    const hit = tschCurrent(this.state, schid, dequeued);
    this.state.countDequeue(true, hit);
    return hit ? dequeuedIrq() : null;
  }

  reinjectIo(type: number, schid: number, parm: number, word: number): void {
    this.state.reinjectIo(type, schid, parm, word, OP_REINJECT_IO);
  }

  pvSclpIntercept(): void {
    this.state.pvSclpIntercept();
  }

  beginWait(cpuId: number): void {
    this.state.beginWait(cpuId);
  }

  setAttr(call: AttrCall): AttrResult {
    switch (call.group) {
      case KVM_DEV_FLIC_ENQUEUE:
        enqueueRecords(call, this.injectRecord, this.requireEnqueueRoom);
        return OK;
      case KVM_DEV_FLIC_CLEAR_IRQS:
        this.state.clear();
        return OK;
      case KVM_DEV_FLIC_APF_ENABLE:
      case KVM_DEV_FLIC_APF_DISABLE_WAIT:
        if (this.config.ucontrol) throw new KvmError('EINVAL', groupName(call.group), 'not available on a ucontrol VM');
        this.state.setApf(call.group === KVM_DEV_FLIC_APF_ENABLE);
        return OK;
      case KVM_DEV_FLIC_ADAPTER_REGISTER:
        requireReadable(call, groupName(call.group), 0, KVM_S390_IO_ADAPTER_SIZE, 'struct kvm_s390_io_adapter');
        this.state.registerAdapter(decodeAdapter(call.data));
        return OK;
      case KVM_DEV_FLIC_ADAPTER_MODIFY:
        requireReadable(call, groupName(call.group), 0, KVM_S390_IO_ADAPTER_REQ_SIZE, 'struct kvm_s390_io_adapter_req');
        this.state.modifyAdapter(decodeAdapterRequest(call.data));
        return OK;
      case KVM_DEV_FLIC_CLEAR_IO_IRQ:
        this.clearIoIrq(call);
        return OK;
      case KVM_DEV_FLIC_AISM:
        this.setAisMode(call);
        return OK;
      case KVM_DEV_FLIC_AIRQ_INJECT:
        this.state.injectAdapterIrq(lo32(call.attr), AIRQ);
        return OK;
      case KVM_DEV_FLIC_AISM_ALL:
        this.requireAis(AISM_ALL);
        requireReadable(call, AISM_ALL, 0, KVM_S390_AIS_ALL_SIZE, 'struct kvm_s390_ais_all');
        this.state.setAisMasks(decodeAisAll(call.data));
        return OK;
      default:
        throw new KvmError('EINVAL', groupName(call.group), unknownDirection(call.group, 'SET'));
    }
  }

  getAttr(call: AttrCall): AttrResult {
    switch (call.group) {
      case KVM_DEV_FLIC_GET_ALL_IRQS:
        return collectCurrent(this.state, call);
      case KVM_DEV_FLIC_AISM_ALL: {
        if (call.attr < BigInt(KVM_S390_AIS_ALL_SIZE)) {
          throw new KvmError('EINVAL', AISM_ALL, `buffer of ${call.attr} bytes is smaller than struct kvm_s390_ais_all`);
        }
        this.requireAis(AISM_ALL);
        requireWritable(call, AISM_ALL, 'struct kvm_s390_ais_all');
        const { simm, nimm } = this.state.aisMasks();
        return { ret: 0, data: Uint8Array.of(simm, nimm) };
      }
      default:
        throw new KvmError('EINVAL', groupName(call.group), unknownDirection(call.group, 'GET'));
    }
  }

  hasAttr(call: AttrCall): AttrResult {
    if (call.group >= FLIC_GROUP_MIN && call.group <= FLIC_GROUP_MAX) return OK;
    throw new KvmError('ENXIO', groupName(call.group), `unknown attribute group ${call.group}`);
  }

  // ---- ENQUEUE (spec §3.2, §4) -----------------------------------------------------------------

  /**
   * Typed ENQUEUE: records whose kind is the union member their type selects go straight to the
   * state's injection, the same calls the byte path makes; any other record is encoded and read
   * back exactly as the kernel reads those bytes.
   */
  enqueueTyped(irqs: readonly Irq[]): void {
    let i = 0;
    try {
      checkTypedBatch(irqs);
      this.requireEnqueueRoom(irqs.length);
      for (; i < irqs.length; i++) {
        const irq = irqs[i]!;
        const t = irq.type;
        const cls = t <= 0xffffffffn ? classifyType(0, lo32(t)) : IrqClass.Other;
        if (cls === IrqClass.Io && irq.kind === 'io') {
          this.state.enqueueIo(lo32(t), joinSchid(irq.subchannelId, irq.subchannelNr), irq.ioIntParm, irq.ioIntWord, ENQUEUE);
        } else if (cls === IrqClass.Mchk && irq.kind === 'mchk') {
          this.state.enqueueMchk(lo32(irq.cr14), hi32(irq.mcic), lo32(irq.mcic));
        } else if (irq.kind === 'ext' && cls !== IrqClass.Io && cls !== IrqClass.Mchk && cls !== IrqClass.Other) {
          this.injectExt(cls, t, irq.extParams, irq.pad, hi32(irq.extParams2), lo32(irq.extParams2), i);
        } else {
          if (cls === IrqClass.Other) rejectType(hi32(t), lo32(t), i);
          encodeIrq(irq, recordScratch, 0);
          this.injectRecord(cls, 0, lo32(t), recordScratch, IRQ_UNION_OFFSET, i);
        }
      }
    } catch (err) {
      throw acceptedBefore(err, i);
    }
  }

  private readonly requireEnqueueRoom = (records: number): void => {
    this.state.requireRoom(records, ENQUEUE);
  };

  /** The byte path's sink: read the member the type selects (p is the union), then inject it. */
  private readonly injectRecord = (cls: IrqClass, hi: number, lo: number, b: Uint8Array, p: number, i: number): void => {
    switch (cls) {
      case IrqClass.Io:
        this.state.enqueueIo(lo, u32(b, p + IO_SCHID_WORD_OFFSET), u32(b, p + IO_INT_PARM_OFFSET), u32(b, p + IO_INT_WORD_OFFSET), ENQUEUE);
        return;
      case IrqClass.Mchk:
        this.state.enqueueMchk(
          u32(b, p + MCHK_CR14_OFFSET + LOW_WORD),
          u32(b, p + MCHK_MCIC_OFFSET),
          u32(b, p + MCHK_MCIC_OFFSET + LOW_WORD),
        );
        return;
      default:
        this.injectExt(
          cls,
          join64(hi, lo),
          u32(b, p + EXT_PARAMS_OFFSET),
          u32(b, p + EXT_PAD_OFFSET),
          u32(b, p + EXT_PARAMS2_OFFSET),
          u32(b, p + EXT_PARAMS2_OFFSET + LOW_WORD),
          i,
        );
    }
  };

  private injectExt(cls: IrqClass, type: bigint, params: number, pad: number, p2hi: number, p2lo: number, i: number): void {
    switch (cls) {
      case IrqClass.Virtio:
        this.state.enqueueVirtio(params, pad, p2hi, p2lo, ENQUEUE, i);
        return;
      case IrqClass.PfaultDone:
        this.state.enqueuePfaultDone(params, pad, p2hi, p2lo, ENQUEUE, i);
        return;
      case IrqClass.Service:
        this.state.enqueueService(params);
        return;
      default:
        throw new KvmError('EINVAL', ENQUEUE, `record ${i}: type 0x${type.toString(16)} cannot be injected as a floating interrupt`);
    }
  }

  // ---- the other groups ----------------------------------------------------------------------

  /** §3.8 and §8. */
  private clearIoIrq(call: AttrCall): void {
    if (call.flags !== 0) throw new KvmError('EINVAL', CLEAR_IO, `flags must be 0, got ${call.flags}`);
    if (call.attr !== SCHID_ATTR) {
      throw new KvmError('EINVAL', CLEAR_IO, `attr must be ${SCHID_SIZE} (the schid length), got ${call.attr}`);
    }
    requireReadable(call, CLEAR_IO, 0, SCHID_SIZE, 'the schid');
    const schid = u32(call.data, 0);
    if (schid === 0) throw new KvmError('EINVAL', CLEAR_IO, 'schid must not be 0');
    this.state.clearIo(schid);
  }

  /** §3.9. */
  private setAisMode(call: AttrCall): void {
    this.requireAis(AISM);
    requireReadable(call, AISM, 0, KVM_S390_AIS_REQ_SIZE, 'struct kvm_s390_ais_req');
    const { isc, mode } = decodeAisRequest(call.data);
    if (isc > MAX_ISC) throw new KvmError('EINVAL', AISM, `isc ${isc} is above MAX_ISC (${MAX_ISC})`);
    if (mode !== KVM_S390_AIS_MODE_ALL && mode !== KVM_S390_AIS_MODE_SINGLE) {
      throw new KvmError('EINVAL', AISM, `unknown AIS mode ${mode}`);
    }
    this.state.setAisMode(isc, mode === KVM_S390_AIS_MODE_SINGLE);
  }

  private requireAis(group: string): void {
    if (!this.config.ais) throw new KvmError('EOPNOTSUPP', group, 'the AIS facility (72) is not enabled for this VM');
  }
}

function dequeuedIrq(): IoIrq {
  const d = dequeued;
  return {
    kind: 'io',
    type: BigInt(d.type),
    subchannelId: subchannelIdOf(d.schid),
    subchannelNr: subchannelNrOf(d.schid),
    ioIntParm: d.parm,
    ioIntWord: d.word,
  };
}

function unknownDirection(group: number, direction: 'SET' | 'GET'): string {
  return isKnownGroup(group) ? `${direction} is not supported by this group` : `unknown attribute group ${group}`;
}

// A VM: its configuration and at most one FLIC (the single-instance rule, spec §1.1). Every call
// goes from the VM straight to the engine of its kernel profile. The raw entry points pass the
// kernel's bytes through; each typed method encodes its arguments into those bytes and makes the
// same raw call, so the two APIs share every check. ENQUEUE is the exception: typed records go to
// the engine's enqueueTyped, which reaches the same per-class injection as the byte path (see
// FlicEngine.enqueueTyped for what keeps the two equal). Delivery (docs/delivery.md) checks its
// arguments here and goes to the engine; a call that made something pending tells the arrival
// listener, which is how a server's waiting vCPUs learn that they may now take something.
import {
  KVM_CREATE_DEVICE_TEST,
  KVM_DEV_FLIC_ADAPTER_MODIFY,
  KVM_DEV_FLIC_ADAPTER_REGISTER,
  KVM_DEV_FLIC_AIRQ_INJECT,
  KVM_DEV_FLIC_AISM,
  KVM_DEV_FLIC_AISM_ALL,
  KVM_DEV_FLIC_APF_DISABLE_WAIT,
  KVM_DEV_FLIC_APF_ENABLE,
  KVM_DEV_FLIC_CLEAR_IO_IRQ,
  KVM_DEV_FLIC_CLEAR_IRQS,
  KVM_DEV_FLIC_GET_ALL_IRQS,
  KVM_DEV_TYPE_FLIC,
  KVM_S390_AIS_ALL_SIZE,
  IrqClass,
  OP_CREATE_DEVICE,
  OP_DELIVER,
  OP_PV_SCLP_INTERCEPT,
  OP_REINJECT_IO,
  OP_TPI,
  OP_TSCH,
  OP_VM,
  SCHID_SIZE,
  U16_MAX,
  U32_MAX,
  checkU64,
  checkUint,
  classifyType,
  decodeAisAll,
  decodeIrqs,
  encodeAdapter,
  encodeAdapterRequest,
  encodeAisAll,
  encodeAisRequest,
  encodeSchid,
  groupName,
  hi32,
  joinSchid,
  lo32,
  schidWord,
} from './abi/index.js';
import { copyCounters } from './counters.js';
import { CurrentFlic } from './current/currentFlic.js';
import { checkCpuState } from './delivery/cpuState.js';
import { EMPTY, type FlicEngine } from './engine.js';
import { KvmError } from './errno.js';
import { OriginalFlic } from './original/originalFlic.js';
import { NO_BUDGET, type PendingBudget, type PendingMemory } from './pendingBudget.js';
import type {
  AdapterConfig,
  AdapterRequest,
  AisMasks,
  AttrCall,
  AttrResult,
  CpuState,
  DeliverOptions,
  Delivery,
  FlicApi,
  FlicInspection,
  FlicInspectionRecords,
  IoIrq,
  Irq,
  KernelProfile,
  VmConfig,
} from './types.js';

/** Told, after a call, that it made something pending on `vm`. */
export type ArrivalListener = (vm: Vm) => void;

/** The engine of each kernel profile (a profile without one fails to compile). */
const ENGINE_OF_PROFILE: { readonly [P in KernelProfile]: (config: VmConfig, memory: PendingMemory) => FlicEngine } = {
  current: (config, memory) => new CurrentFlic(config, memory),
  original: (_config, memory) => new OriginalFlic(memory),
};

const AIS_ALL_SIZE = BigInt(KVM_S390_AIS_ALL_SIZE);

function call(group: number, attr: bigint, data: Uint8Array = EMPTY): AttrCall {
  return { flags: 0, group, attr, data, badAddr: false };
}

/** Values that the 24-byte kvm_device_attr cannot carry are refused, not truncated. */
function checkCall(c: AttrCall): AttrCall {
  const g = groupName(c.group);
  checkUint(g, 'group', c.group, U32_MAX);
  checkUint(g, 'flags', c.flags, U32_MAX);
  checkU64(g, 'attr', c.attr);
  return c;
}

export class Vm implements FlicApi {
  private engine: FlicEngine | null = null;
  private listener: ArrivalListener | null = null;

  /** What the FLIC's pending records are charged to: an account of the budget, once there is a FLIC. */
  private memory: PendingMemory = NO_BUDGET;

  constructor(
    readonly id: string,
    readonly config: VmConfig,
    /** The process's pending-interrupt budget, or null for none. */
    private readonly budget: PendingBudget | null = null,
  ) {}

  /** The FLIC, or null before KVM_CREATE_DEVICE created it. */
  get flic(): FlicEngine | null {
    return this.engine;
  }

  /**
   * KVM_CREATE_DEVICE: the generic layer answers a TEST create as soon as it knows the type, before
   * the FLIC's own create could refuse a second instance. Only the FLIC type is registered here
   * (flic does not model the KVM VFIO device).
   */
  createDevice(type: number, flags = 0): boolean {
    checkUint(OP_CREATE_DEVICE, 'type', type, U32_MAX);
    checkUint(OP_CREATE_DEVICE, 'flags', flags, U32_MAX);
    if (type !== KVM_DEV_TYPE_FLIC) throw new KvmError('ENODEV', OP_CREATE_DEVICE, `device type ${type} is not registered`);
    if ((flags & KVM_CREATE_DEVICE_TEST) !== 0) return false;
    if (this.engine !== null) throw new KvmError('EINVAL', OP_CREATE_DEVICE, `VM ${this.id} already has a FLIC`);
    this.memory = this.budget?.account() ?? NO_BUDGET;
    this.engine = ENGINE_OF_PROFILE[this.config.profile](this.config, this.memory);
    return true;
  }

  /** The VM is deleted: what its FLIC held goes back to the pending-interrupt budget. */
  release(): void {
    this.memory.close();
  }

  private get device(): FlicEngine {
    if (this.engine === null) throw new KvmError('ENODEV', OP_VM, `VM ${this.id} has no FLIC (create the device first)`);
    return this.engine;
  }

  /**
   * Who is told when a call made something pending (null: nobody). A server sets it while vCPUs
   * of this VM wait, so that they take what arrives.
   */
  setArrivalListener(listener: ArrivalListener | null): void {
    this.listener = listener;
  }

  /** What arrivals was before a call that may inject (only read while someone listens). */
  private arrivalsBefore(engine: FlicEngine): number {
    return this.listener === null ? 0 : engine.arrivals;
  }

  private arrived(engine: FlicEngine, before: number): void {
    if (this.listener !== null && engine.arrivals !== before) this.listener(this);
  }

  // ---- raw entry points: (flags, group, attr, bytes at addr, badAddr) → (ret, bytes written) ----

  setAttr(c: AttrCall): AttrResult {
    const engine = this.device;
    const before = this.arrivalsBefore(engine);
    try {
      return engine.setAttr(checkCall(c));
    } finally {
      this.arrived(engine, before);
    }
  }

  getAttr(c: AttrCall): AttrResult {
    return this.device.getAttr(checkCall(c));
  }

  /** HAS ignores attr, addr and flags (spec §2.2). */
  hasAttr(c: AttrCall): AttrResult {
    return this.device.hasAttr(checkCall(c));
  }

  // ---- typed API ----------------------------------------------------------------------------

  enqueue(irqs: readonly Irq[]): void {
    const engine = this.device;
    const before = this.arrivalsBefore(engine);
    try {
      engine.enqueueTyped(irqs);
    } finally {
      this.arrived(engine, before);
    }
  }

  getAllIrqs(bufferLen: bigint): Irq[] {
    return decodeIrqs(this.getAllIrqRecords(bufferLen));
  }

  /** GET_ALL_IRQS as the kernel's records (72 bytes each), for callers that encode them themselves. */
  getAllIrqRecords(bufferLen: bigint): Uint8Array {
    const engine = this.device;
    const len = checkU64(groupName(KVM_DEV_FLIC_GET_ALL_IRQS), 'bufferLen', bufferLen);
    return engine.getAttr(call(KVM_DEV_FLIC_GET_ALL_IRQS, len)).data;
  }

  clearIrqs(): void {
    this.device.setAttr(call(KVM_DEV_FLIC_CLEAR_IRQS, 0n));
  }

  clearIoIrq(subchannelId: number, subchannelNr: number): void {
    const engine = this.device;
    const schid = encodeSchid(schidWord(subchannelId, subchannelNr));
    engine.setAttr(call(KVM_DEV_FLIC_CLEAR_IO_IRQ, BigInt(SCHID_SIZE), schid));
  }

  apfEnable(): void {
    this.device.setAttr(call(KVM_DEV_FLIC_APF_ENABLE, 0n));
  }

  apfDisableWait(): void {
    this.device.setAttr(call(KVM_DEV_FLIC_APF_DISABLE_WAIT, 0n));
  }

  adapterRegister(adapter: AdapterConfig): void {
    const engine = this.device;
    engine.setAttr(call(KVM_DEV_FLIC_ADAPTER_REGISTER, 0n, encodeAdapter(adapter)));
  }

  adapterModify(request: AdapterRequest): void {
    const engine = this.device;
    engine.setAttr(call(KVM_DEV_FLIC_ADAPTER_MODIFY, 0n, encodeAdapterRequest(request)));
  }

  aism(isc: number, mode: number): void {
    const engine = this.device;
    engine.setAttr(call(KVM_DEV_FLIC_AISM, 0n, encodeAisRequest(isc, mode)));
  }

  airqInject(adapterId: bigint): void {
    const engine = this.device;
    const attr = checkU64(groupName(KVM_DEV_FLIC_AIRQ_INJECT), 'adapterId', adapterId);
    const before = this.arrivalsBefore(engine);
    try {
      engine.setAttr(call(KVM_DEV_FLIC_AIRQ_INJECT, attr));
    } finally {
      this.arrived(engine, before);
    }
  }

  getAismAll(bufferLen: bigint = AIS_ALL_SIZE): AisMasks {
    const engine = this.device;
    const len = checkU64(groupName(KVM_DEV_FLIC_AISM_ALL), 'bufferLen', bufferLen);
    return decodeAisAll(engine.getAttr(call(KVM_DEV_FLIC_AISM_ALL, len)).data);
  }

  setAismAll(masks: AisMasks): void {
    const engine = this.device;
    engine.setAttr(call(KVM_DEV_FLIC_AISM_ALL, AIS_ALL_SIZE, encodeAisAll(masks)));
  }

  // ---- delivery (docs/delivery.md) ----------------------------------------------------------------

  /**
   * The vCPU takes at most one floating interrupt. The device cannot wait: a non-zero waitMs
   * (without dryRun, which never waits) is EINVAL here; a server waits (RemoteVm).
   */
  deliver(cpu: CpuState, options: DeliverOptions = {}): Delivery {
    const engine = this.device;
    const words = checkCpuState(cpu, this.config);
    const waitMs = checkUint(OP_DELIVER, 'waitMs', options.waitMs ?? 0, U32_MAX);
    const dryRun = options.dryRun === true;
    if (waitMs !== 0 && !dryRun) {
      throw new KvmError('EINVAL', OP_DELIVER, 'the in-process device cannot wait (waitMs needs a flic server)');
    }
    return engine.deliver(words, dryRun);
  }

  tpi(iscMask: number): IoIrq | null {
    const engine = this.device;
    return engine.tpi(checkUint(OP_TPI, 'iscMask', iscMask, U32_MAX));
  }

  tsch(schid: number): IoIrq | null {
    const engine = this.device;
    return engine.tsch(checkUint(OP_TSCH, 'schid', schid, U32_MAX));
  }

  /** EINVAL for a type that is not an I/O type; EBUSY (current) or EINVAL (2013) when full. */
  reinjectIo(irq: IoIrq): void {
    const engine = this.device;
    const g = OP_REINJECT_IO;
    const type = checkU64(g, 'type', irq.type);
    if (classifyType(hi32(type), lo32(type)) !== IrqClass.Io) {
      throw new KvmError('EINVAL', g, `type 0x${type.toString(16)} is not an I/O interrupt type`);
    }
    const schid = joinSchid(checkUint(g, 'subchannelId', irq.subchannelId, U16_MAX), checkUint(g, 'subchannelNr', irq.subchannelNr, U16_MAX));
    const parm = checkUint(g, 'ioIntParm', irq.ioIntParm, U32_MAX);
    const word = checkUint(g, 'ioIntWord', irq.ioIntWord, U32_MAX);
    const before = this.arrivalsBefore(engine);
    try {
      engine.reinjectIo(lo32(type), schid, parm, word);
    } finally {
      this.arrived(engine, before);
    }
  }

  /** EINVAL on a VM that is not protected. */
  pvSclpIntercept(): void {
    const engine = this.device;
    if (!this.config.protected) throw new KvmError('EINVAL', OP_PV_SCLP_INTERCEPT, `VM ${this.id} is not protected`);
    const before = this.arrivalsBefore(engine);
    engine.pvSclpIntercept();
    this.arrived(engine, before);
  }

  /**
   * A vCPU entered an enabled wait (a server calls it when a Deliver starts to wait): the next
   * wake-up scan starts at this vCPU. VM state, like the kernel's last_sleep_cpu.
   */
  beginWait(cpuId: number): void {
    const engine = this.device;
    engine.beginWait(checkUint(OP_DELIVER, 'cpuId', cpuId, this.config.maxVcpus - 1));
  }

  /** Where the wake-up scan starts: the vCPU that most recently began waiting (0 before any). */
  get waitScanStart(): number {
    return this.device.waitScanStart;
  }

  // ---- state for harnesses ------------------------------------------------------------------

  inspect(): FlicInspection {
    const r = this.inspectRecords();
    return {
      ...r,
      io: r.io.map(decodeIrqs),
      pfaultDone: decodeIrqs(r.pfaultDone),
      virtio: decodeIrqs(r.virtio),
      list: r.list === null ? null : decodeIrqs(r.list),
    };
  }

  /** inspect() with every list as the kernel's records, for callers that encode them themselves. */
  inspectRecords(): FlicInspectionRecords {
    const engine = this.device;
    return {
      ...engine.inspect(),
      profile: this.config.profile,
      config: this.config,
      depths: engine.depths(),
      limits: engine.limits(),
      counters: copyCounters(engine.counters),
    };
  }
}

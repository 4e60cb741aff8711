// A VM: its configuration and at most one FLIC (the single-instance rule, spec §1.1). Every call
// goes from the VM straight to the engine of its kernel profile. The raw entry points pass the
// kernel's bytes through; each typed method encodes its arguments into those bytes and makes the
// same raw call, so the two APIs share every check. ENQUEUE is the exception: typed records go to
// the engine's enqueueTyped, which reaches the same per-class injection as the byte path (see
// FlicEngine.enqueueTyped for what keeps the two equal). Delivery (docs/delivery.md) checks its
// arguments here and goes to the engine; a call that made something pending tells the arrival
// listener, which is how a server's waiting vCPUs learn that they may now take something.
//
// Every call that can change the device runs through run(): one place decides, from the engine's
// change counter, whether the call changed anything, and if so hands it to the change recorder
// (a server's state directory journals it) before the waiting vCPUs are told of arrivals, so the
// journal has each change in the order it happened.
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
  OP_EXPORT_VM,
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
  StateFormat,
  VmConfig,
} from './types.js';
import { encodeFlicState } from './state/flicFormat.js';
import { encodeQemuState, loadQemuState, parseQemuState } from './state/qemuFormat.js';
import type { ChangeLink, VmChange } from './state/vmChange.js';
import type { EngineImage } from './state/vmImage.js';

/** Told, after a call, that it made something pending on `vm`. */
export type ArrivalListener = (vm: Vm) => void;

export interface VmOptions {
  /** The FLIC to start with (a checked snapshot's); absent: no FLIC until createDevice. */
  readonly flic?: EngineImage | null;
  /** Where changes go (the registry's, shared by its VMs); default: nowhere. */
  readonly changes?: ChangeLink;
  /** The process's pending-interrupt budget; default: none. */
  readonly budget?: PendingBudget | null;
}

/** The engine of each kernel profile (a profile without one fails to compile). */
const ENGINE_OF_PROFILE: { readonly [P in KernelProfile]: (config: VmConfig, memory: PendingMemory) => FlicEngine } = {
  current: (config, memory) => new CurrentFlic(config, memory),
  original: (_config, memory) => new OriginalFlic(memory),
};

const AIS_ALL_SIZE = BigInt(KVM_S390_AIS_ALL_SIZE);

function call(group: number, attr: bigint, data: Uint8Array = EMPTY): AttrCall {
  return { flags: 0, group, attr, data, badAddr: false };
}

/** A GET as the journal keeps it: a GET reads nothing at addr, so its bytes are dropped. */
function getChange(c: AttrCall): VmChange {
  return { op: 'getAttr', call: c.data.length === 0 ? c : { ...c, data: EMPTY } };
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
  private readonly changes: ChangeLink;
  private readonly budget: PendingBudget | null;

  /** What the FLIC's pending records are charged to: an account of the budget, once there is a FLIC. */
  private memory: PendingMemory = NO_BUDGET;

  constructor(
    readonly id: string,
    readonly config: VmConfig,
    options: VmOptions = {},
  ) {
    this.changes = options.changes ?? { recorder: null };
    this.budget = options.budget ?? null;
    if (options.flic != null) {
      const memory = this.budget?.account() ?? NO_BUDGET;
      const engine = ENGINE_OF_PROFILE[config.profile](config, memory);
      try {
        engine.restore(options.flic);
      } catch (err) {
        // A restore the budget cannot hold creates nothing and keeps nothing charged.
        memory.close();
        throw err;
      }
      this.memory = memory;
      this.engine = engine;
    }
  }

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
    this.changes.recorder?.record(this.id, { op: 'createDevice', type, flags });
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

  /**
   * Runs `act` on the engine. If it changed the device (even when it then failed, as a partial
   * ENQUEUE does), `change` describes it to the recorder; then the arrival listener hears of
   * anything that became pending. `change` is only called when there is a recorder.
   */
  private run<T>(engine: FlicEngine, change: () => VmChange, act: () => T): T {
    const changesBefore = engine.changes;
    const arrivalsBefore = this.listener === null ? 0 : engine.arrivals;
    try {
      return act();
    } finally {
      if (engine.changes !== changesBefore) this.changes.recorder?.record(this.id, change());
      if (this.listener !== null && engine.arrivals !== arrivalsBefore) this.listener(this);
    }
  }

  /** A SET through run(): every attribute group's change is journaled as its raw call. */
  private set(engine: FlicEngine, c: AttrCall): AttrResult {
    return this.run(engine, () => ({ op: 'setAttr', call: c }), () => engine.setAttr(c));
  }

  private get(engine: FlicEngine, c: AttrCall): AttrResult {
    return this.run(engine, () => getChange(c), () => engine.getAttr(c));
  }

  // ---- raw entry points: (flags, group, attr, bytes at addr, badAddr) → (ret, bytes written) ----

  setAttr(c: AttrCall): AttrResult {
    return this.set(this.device, checkCall(c));
  }

  getAttr(c: AttrCall): AttrResult {
    return this.get(this.device, checkCall(c));
  }

  /** HAS ignores attr, addr and flags (spec §2.2). */
  hasAttr(c: AttrCall): AttrResult {
    return this.device.hasAttr(checkCall(c));
  }

  // ---- typed API ----------------------------------------------------------------------------

  enqueue(irqs: readonly Irq[]): void {
    const engine = this.device;
    this.run(engine, () => ({ op: 'enqueue', irqs }), () => engine.enqueueTyped(irqs));
  }

  getAllIrqs(bufferLen: bigint): Irq[] {
    return decodeIrqs(this.getAllIrqRecords(bufferLen));
  }

  /** GET_ALL_IRQS as the kernel's records (72 bytes each), for callers that encode them themselves. */
  getAllIrqRecords(bufferLen: bigint): Uint8Array {
    const engine = this.device;
    const len = checkU64(groupName(KVM_DEV_FLIC_GET_ALL_IRQS), 'bufferLen', bufferLen);
    return this.get(engine, call(KVM_DEV_FLIC_GET_ALL_IRQS, len)).data;
  }

  clearIrqs(): void {
    this.set(this.device, call(KVM_DEV_FLIC_CLEAR_IRQS, 0n));
  }

  clearIoIrq(subchannelId: number, subchannelNr: number): void {
    const engine = this.device;
    const schid = encodeSchid(schidWord(subchannelId, subchannelNr));
    this.set(engine, call(KVM_DEV_FLIC_CLEAR_IO_IRQ, BigInt(SCHID_SIZE), schid));
  }

  apfEnable(): void {
    this.set(this.device, call(KVM_DEV_FLIC_APF_ENABLE, 0n));
  }

  apfDisableWait(): void {
    this.set(this.device, call(KVM_DEV_FLIC_APF_DISABLE_WAIT, 0n));
  }

  adapterRegister(adapter: AdapterConfig): void {
    const engine = this.device;
    this.set(engine, call(KVM_DEV_FLIC_ADAPTER_REGISTER, 0n, encodeAdapter(adapter)));
  }

  adapterModify(request: AdapterRequest): void {
    const engine = this.device;
    this.set(engine, call(KVM_DEV_FLIC_ADAPTER_MODIFY, 0n, encodeAdapterRequest(request)));
  }

  aism(isc: number, mode: number): void {
    const engine = this.device;
    this.set(engine, call(KVM_DEV_FLIC_AISM, 0n, encodeAisRequest(isc, mode)));
  }

  airqInject(adapterId: bigint): void {
    const engine = this.device;
    const attr = checkU64(groupName(KVM_DEV_FLIC_AIRQ_INJECT), 'adapterId', adapterId);
    this.set(engine, call(KVM_DEV_FLIC_AIRQ_INJECT, attr));
  }

  getAismAll(bufferLen: bigint = AIS_ALL_SIZE): AisMasks {
    const engine = this.device;
    const len = checkU64(groupName(KVM_DEV_FLIC_AISM_ALL), 'bufferLen', bufferLen);
    return decodeAisAll(engine.getAttr(call(KVM_DEV_FLIC_AISM_ALL, len)).data);
  }

  setAismAll(masks: AisMasks): void {
    const engine = this.device;
    this.set(engine, call(KVM_DEV_FLIC_AISM_ALL, AIS_ALL_SIZE, encodeAisAll(masks)));
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
    return this.run(engine, () => ({ op: 'deliver', cpu: plainCpu(cpu) }), () => engine.deliver(words, dryRun));
  }

  tpi(iscMask: number): IoIrq | null {
    const engine = this.device;
    const mask = checkUint(OP_TPI, 'iscMask', iscMask, U32_MAX);
    return this.run(engine, () => ({ op: 'tpi', iscMask: mask }), () => engine.tpi(mask));
  }

  tsch(schid: number): IoIrq | null {
    const engine = this.device;
    const word = checkUint(OP_TSCH, 'schid', schid, U32_MAX);
    return this.run(engine, () => ({ op: 'tsch', schid: word }), () => engine.tsch(word));
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
    const change = (): VmChange => ({
      op: 'reinjectIo',
      irq: { kind: 'io', type, subchannelId: irq.subchannelId, subchannelNr: irq.subchannelNr, ioIntParm: parm, ioIntWord: word },
    });
    this.run(engine, change, () => engine.reinjectIo(lo32(type), schid, parm, word));
  }

  /** EINVAL on a VM that is not protected. */
  pvSclpIntercept(): void {
    const engine = this.device;
    if (!this.config.protected) throw new KvmError('EINVAL', OP_PV_SCLP_INTERCEPT, `VM ${this.id} is not protected`);
    this.run(engine, () => ({ op: 'pvSclpIntercept' }), () => engine.pvSclpIntercept());
  }

  /**
   * A vCPU entered an enabled wait (a server calls it when a Deliver starts to wait): the next
   * wake-up scan starts at this vCPU. VM state, like the kernel's last_sleep_cpu.
   */
  beginWait(cpuId: number): void {
    const engine = this.device;
    const cpu = checkUint(OP_DELIVER, 'cpuId', cpuId, this.config.maxVcpus - 1);
    this.run(engine, () => ({ op: 'beginWait', cpuId: cpu }), () => engine.beginWait(cpu));
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

  /**
   * The VM's state as a blob (docs/state.md); changes nothing. FLIC: everything, with or without
   * a FLIC. QEMU: the s390-flic section body, which needs a FLIC (ENODEV).
   */
  exportState(format: StateFormat = 'flic'): Uint8Array {
    if (format === 'flic') return encodeFlicState({ config: this.config, flic: this.engine?.capture() ?? null });
    if (format !== 'qemu') throw new KvmError('EINVAL', OP_EXPORT_VM, `unknown state format ${String(format)}`);
    const engine = this.device;
    const ais = this.config.ais ? decodeAisAll(engine.getAttr(call(KVM_DEV_FLIC_AISM_ALL, AIS_ALL_SIZE)).data) : null;
    return encodeQemuState(engine.pendingRecords(), ais);
  }

  /**
   * A QEMU-format state loaded as QEMU's kvm_flic_load does (docs/state.md): ENODEV without a FLIC,
   * EINVAL for a malformed blob before any change, then APF_ENABLE, ENQUEUE and AISM_ALL SET
   * through this VM's own entry points, with their errnos and partial effects.
   */
  loadQemuState(blob: Uint8Array): void {
    if (this.engine === null) void this.device;
    loadQemuState(this, parseQemuState(blob));
  }
}

/** The CpuState as plain data (a journal keeps it after the call's own object is gone). */
function plainCpu(c: CpuState): CpuState {
  return {
    pswMask: c.pswMask,
    cr0: c.cr0,
    cr6: c.cr6,
    cr14: c.cr14,
    cpuId: c.cpuId,
    localPending: c.localPending ?? 0n,
    localMchkCr14: c.localMchkCr14 ?? 0n,
    iictl: c.iictl ?? 0,
  };
}

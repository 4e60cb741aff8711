// A VM: its configuration and at most one FLIC (the single-instance rule, spec §1.1). Every call
// goes from the VM straight to the engine of its kernel profile. The raw entry points pass the
// kernel's bytes through; each typed method encodes its arguments into those bytes and makes the
// same raw call, so the two APIs share every check. ENQUEUE is the exception: typed records go to
// the engine's enqueueTyped, which reaches the same per-class injection as the byte path (see
// FlicEngine.enqueueTyped for what keeps the two equal).
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
  OP_CREATE_DEVICE,
  OP_VM,
  SCHID_SIZE,
  U32_MAX,
  checkU64,
  checkUint,
  decodeAisAll,
  decodeIrqs,
  encodeAdapter,
  encodeAdapterRequest,
  encodeAisAll,
  encodeAisRequest,
  encodeSchid,
  groupName,
  schidWord,
} from './abi/index.js';
import { CurrentFlic } from './current/currentFlic.js';
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
  FlicApi,
  FlicInspection,
  FlicInspectionRecords,
  Irq,
  KernelProfile,
  VmConfig,
} from './types.js';

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

  // ---- raw entry points: (flags, group, attr, bytes at addr, badAddr) → (ret, bytes written) ----

  setAttr(c: AttrCall): AttrResult {
    return this.device.setAttr(checkCall(c));
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
    this.device.enqueueTyped(irqs);
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
    engine.setAttr(call(KVM_DEV_FLIC_AIRQ_INJECT, checkU64(groupName(KVM_DEV_FLIC_AIRQ_INJECT), 'adapterId', adapterId)));
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
      counters: { ...engine.counters },
    };
  }
}

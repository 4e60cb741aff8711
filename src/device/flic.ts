// One VM's FLIC. The raw entry points go to the kernel generation's engine; every typed method is
// encoded into the kernel's byte layout and sent through those same raw entry points, so the two
// APIs can never disagree.
import {
  FLIC_GROUP_NAMES,
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
  KVM_S390_AIS_ALL_SIZE,
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
} from './abi.js';
import { CurrentFlic } from './currentFlic.js';
import { EMPTY, type FlicEngine } from './engine.js';
import { OriginalFlic } from './originalFlic.js';
import type {
  AdapterConfig,
  AdapterRequest,
  AisMasks,
  AttrCall,
  AttrResult,
  FlicCounters,
  FlicInspection,
  Irq,
  QueueDepths,
  VmConfig,
} from './types.js';

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

export class Flic {
  private readonly engine: FlicEngine;

  constructor(readonly config: VmConfig) {
    this.engine = config.profile === 'original' ? new OriginalFlic(config) : new CurrentFlic(config);
  }

  // ---- raw entry points: (flags, group, attr, bytes at addr, badAddr) → (ret, bytes written) ----

  setAttr(c: AttrCall): AttrResult {
    return this.engine.setAttr(checkCall(c));
  }

  getAttr(c: AttrCall): AttrResult {
    return this.engine.getAttr(checkCall(c));
  }

  /** HAS ignores attr, addr and flags (spec §2.2). */
  hasAttr(c: AttrCall): AttrResult {
    return this.engine.hasAttr(checkCall(c));
  }

  // ---- typed API ----------------------------------------------------------------------------

  enqueue(irqs: readonly Irq[]): void {
    this.engine.enqueueTyped(irqs);
  }

  getAllIrqs(bufferLen: bigint): Irq[] {
    const g = FLIC_GROUP_NAMES[KVM_DEV_FLIC_GET_ALL_IRQS]!;
    return decodeIrqs(this.engine.getAttr(call(KVM_DEV_FLIC_GET_ALL_IRQS, checkU64(g, 'bufferLen', bufferLen))).data);
  }

  clearIrqs(): void {
    this.engine.setAttr(call(KVM_DEV_FLIC_CLEAR_IRQS, 0n));
  }

  clearIoIrq(subchannelId: number, subchannelNr: number): void {
    const schid = encodeSchid(schidWord(subchannelId, subchannelNr));
    this.engine.setAttr(call(KVM_DEV_FLIC_CLEAR_IO_IRQ, BigInt(SCHID_SIZE), schid));
  }

  apfEnable(): void {
    this.engine.setAttr(call(KVM_DEV_FLIC_APF_ENABLE, 0n));
  }

  apfDisableWait(): void {
    this.engine.setAttr(call(KVM_DEV_FLIC_APF_DISABLE_WAIT, 0n));
  }

  adapterRegister(adapter: AdapterConfig): void {
    this.engine.setAttr(call(KVM_DEV_FLIC_ADAPTER_REGISTER, 0n, encodeAdapter(adapter)));
  }

  adapterModify(request: AdapterRequest): void {
    this.engine.setAttr(call(KVM_DEV_FLIC_ADAPTER_MODIFY, 0n, encodeAdapterRequest(request)));
  }

  aism(isc: number, mode: number): void {
    this.engine.setAttr(call(KVM_DEV_FLIC_AISM, 0n, encodeAisRequest(isc, mode)));
  }

  airqInject(adapterId: bigint): void {
    const g = FLIC_GROUP_NAMES[KVM_DEV_FLIC_AIRQ_INJECT]!;
    this.engine.setAttr(call(KVM_DEV_FLIC_AIRQ_INJECT, checkU64(g, 'adapterId', adapterId)));
  }

  getAismAll(bufferLen: bigint = AIS_ALL_SIZE): AisMasks {
    const g = FLIC_GROUP_NAMES[KVM_DEV_FLIC_AISM_ALL]!;
    return decodeAisAll(this.engine.getAttr(call(KVM_DEV_FLIC_AISM_ALL, checkU64(g, 'bufferLen', bufferLen))).data);
  }

  setAismAll(masks: AisMasks): void {
    this.engine.setAttr(call(KVM_DEV_FLIC_AISM_ALL, AIS_ALL_SIZE, encodeAisAll(masks)));
  }

  // ---- state for harnesses and metrics --------------------------------------------------------

  inspect(): FlicInspection {
    return {
      ...this.engine.inspect(),
      profile: this.config.profile,
      config: this.config,
      depths: this.engine.depths(),
      counters: { ...this.engine.counters },
    };
  }

  /** O(1) queue depths. */
  depths(): QueueDepths {
    return this.engine.depths();
  }

  /** Monotonic totals (live object: read, do not write). */
  get counters(): Readonly<FlicCounters> {
    return this.engine.counters;
  }

  get adapterCount(): number {
    return this.engine.adapterCount;
  }
}

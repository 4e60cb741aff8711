// A VM: its configuration and at most one FLIC (the single-instance rule, spec §1.1).
import { KVM_CREATE_DEVICE_TEST, KVM_DEV_TYPE_FLIC, OP_CREATE_DEVICE, OP_VM, U32_MAX, checkUint } from './abi.js';
import { KvmError } from './errno.js';
import { Flic } from './flic.js';
import type {
  AdapterConfig,
  AdapterRequest,
  AisMasks,
  AttrCall,
  AttrResult,
  FlicApi,
  FlicInspection,
  Irq,
  VmConfig,
} from './types.js';

export class Vm implements FlicApi {
  private device: Flic | null = null;

  constructor(
    readonly id: string,
    readonly config: VmConfig,
  ) {}

  /** The FLIC, or null before KVM_CREATE_DEVICE created it. */
  get flic(): Flic | null {
    return this.device;
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
    if (this.device !== null) throw new KvmError('EINVAL', OP_CREATE_DEVICE, `VM ${this.id} already has a FLIC`);
    this.device = new Flic(this.config);
    return true;
  }

  private get dev(): Flic {
    if (this.device === null) throw new KvmError('ENODEV', OP_VM, `VM ${this.id} has no FLIC (create the device first)`);
    return this.device;
  }

  setAttr(call: AttrCall): AttrResult {
    return this.dev.setAttr(call);
  }
  getAttr(call: AttrCall): AttrResult {
    return this.dev.getAttr(call);
  }
  hasAttr(call: AttrCall): AttrResult {
    return this.dev.hasAttr(call);
  }
  enqueue(irqs: readonly Irq[]): void {
    this.dev.enqueue(irqs);
  }
  getAllIrqs(bufferLen: bigint): Irq[] {
    return this.dev.getAllIrqs(bufferLen);
  }
  clearIrqs(): void {
    this.dev.clearIrqs();
  }
  clearIoIrq(subchannelId: number, subchannelNr: number): void {
    this.dev.clearIoIrq(subchannelId, subchannelNr);
  }
  apfEnable(): void {
    this.dev.apfEnable();
  }
  apfDisableWait(): void {
    this.dev.apfDisableWait();
  }
  adapterRegister(adapter: AdapterConfig): void {
    this.dev.adapterRegister(adapter);
  }
  adapterModify(request: AdapterRequest): void {
    this.dev.adapterModify(request);
  }
  aism(isc: number, mode: number): void {
    this.dev.aism(isc, mode);
  }
  airqInject(adapterId: bigint): void {
    this.dev.airqInject(adapterId);
  }
  getAismAll(bufferLen?: bigint): AisMasks {
    return this.dev.getAismAll(bufferLen);
  }
  setAismAll(masks: AisMasks): void {
    this.dev.setAismAll(masks);
  }
  inspect(): FlicInspection {
    return this.dev.inspect();
  }
}

// One VM's FLIC on a flic server: the FlicApi with every method async. Each call carries the VM id
// in its request and in the `flic-vm-id` header; device errors reject with KvmError.

import { KVM_DEV_FLIC_AISM_ALL, KVM_S390_FLIC_MAX_BUFFER, decodeAisAll } from '../device/abi/index.js';
import { KvmError } from '../device/errno.js';
import type {
  AdapterConfig,
  AdapterRequest,
  AisMasks,
  AttrCall,
  AttrResult,
  FlicApi,
  FlicInspection,
  Irq,
} from '../device/types.js';
import type { DeviceAttrResponse__Output } from '../gen/flic/v1/DeviceAttrResponse.js';
import type { FlicDefinition } from '../gen/flic/v1/Flic.js';
import type * as grpc from '@grpc/grpc-js';
import { inspectionFromMessage } from '../proto/inspection.js';
import {
  adapterRequestToMessage,
  bytesView,
  adapterToMessage,
  irqsFromMessages,
  irqsToMessages,
  u64,
} from '../proto/messages.js';
import { callUnary, vmMetadata, type BootIdWatch, type UnaryMethod } from './call.js';

/**
 * readAllIrqs' first buffer: one page, as QEMU starts. Big enough for 56 records; past that the
 * ENOMEM details give the exact size for the one retry.
 */
export const READ_ALL_FIRST_GUESS = 4096n;

const MAX_BUFFER = BigInt(KVM_S390_FLIC_MAX_BUFFER);
const EMPTY = new Uint8Array(0);

function attrResult(m: DeviceAttrResponse__Output): AttrResult {
  return { ret: Number(m.ret), data: bytesView(m.data) };
}

export class RemoteVm implements FlicApi {
  constructor(
    private readonly client: grpc.Client,
    private readonly rpc: FlicDefinition,
    readonly id: string,
    /** Where the server's boot id is followed (FlicClient's); none when omitted. */
    private readonly bootIds?: BootIdWatch,
  ) {}

  private call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req): Promise<Res> {
    return callUnary(this.client, method, request, vmMetadata(this.id), {}, this.bootIds);
  }

  private attrRequest(call: AttrCall) {
    return {
      vmId: this.id,
      flags: call.flags,
      group: call.group,
      attr: u64(call.attr),
      data: call.data,
      badAddr: call.badAddr,
    };
  }

  async createDevice(type: number, flags = 0): Promise<boolean> {
    return (await this.call(this.rpc.CreateDevice, { vmId: this.id, type, flags })).created;
  }

  async setAttr(call: AttrCall): Promise<AttrResult> {
    return attrResult(await this.call(this.rpc.SetDeviceAttr, this.attrRequest(call)));
  }

  async getAttr(call: AttrCall): Promise<AttrResult> {
    return attrResult(await this.call(this.rpc.GetDeviceAttr, this.attrRequest(call)));
  }

  async hasAttr(call: AttrCall): Promise<AttrResult> {
    return attrResult(await this.call(this.rpc.HasDeviceAttr, this.attrRequest(call)));
  }

  async enqueue(irqs: readonly Irq[]): Promise<void> {
    await this.call(this.rpc.Enqueue, { vmId: this.id, irqs: irqsToMessages(irqs) });
  }

  /**
   * GET_ALL_IRQS with the caller's buffer length in bytes. Without a length, it behaves as
   * readAllIrqs().
   */
  async getAllIrqs(bufferLen?: bigint): Promise<Irq[]> {
    if (bufferLen === undefined) return this.readAllIrqs();
    const m = await this.call(this.rpc.GetAllIrqs, { vmId: this.id, bufferLen: u64(bufferLen) });
    return irqsFromMessages(m.irqs);
  }

  /**
   * Every pending interrupt: asks with `firstGuess` bytes and, on ENOMEM, once more with the size
   * the error's requiredBytes names (not doubling). With a GISA, the kernel clears the adapter
   * interrupts it collected before an ENOMEM (spec §5.3): a caller who must not lose them asks
   * with KVM_S390_FLIC_MAX_BUFFER, which always suffices.
   */
  async readAllIrqs(firstGuess: bigint = READ_ALL_FIRST_GUESS): Promise<Irq[]> {
    try {
      return await this.getAllIrqs(firstGuess);
    } catch (err) {
      if (!(err instanceof KvmError) || err.errnoName !== 'ENOMEM') throw err;
      const required = err.metadata['requiredBytes'];
      const len = required === undefined ? MAX_BUFFER : BigInt(required);
      return this.getAllIrqs(len < MAX_BUFFER ? len : MAX_BUFFER);
    }
  }

  async clearIrqs(): Promise<void> {
    await this.call(this.rpc.ClearIrqs, { vmId: this.id });
  }

  async clearIoIrq(subchannelId: number, subchannelNr: number): Promise<void> {
    await this.call(this.rpc.ClearIoIrq, { vmId: this.id, subchannelId, subchannelNr });
  }

  async apfEnable(): Promise<void> {
    await this.call(this.rpc.ApfEnable, { vmId: this.id });
  }

  async apfDisableWait(): Promise<void> {
    await this.call(this.rpc.ApfDisableWait, { vmId: this.id });
  }

  async adapterRegister(adapter: AdapterConfig): Promise<void> {
    await this.call(this.rpc.AdapterRegister, { vmId: this.id, adapter: adapterToMessage(adapter) });
  }

  async adapterModify(request: AdapterRequest): Promise<void> {
    await this.call(this.rpc.AdapterModify, { vmId: this.id, req: adapterRequestToMessage(request) });
  }

  async aism(isc: number, mode: number): Promise<void> {
    await this.call(this.rpc.Aism, { vmId: this.id, isc, mode });
  }

  async airqInject(adapterId: bigint): Promise<void> {
    await this.call(this.rpc.AirqInject, { vmId: this.id, adapterId: u64(adapterId) });
  }

  /**
   * AISM_ALL GET. On the wire buffer_len 0 means "2" (the proto default), so an explicit 0n goes
   * through GetDeviceAttr instead, where the device answers it as the kernel does.
   */
  async getAismAll(bufferLen?: bigint): Promise<AisMasks> {
    if (bufferLen === 0n) {
      const r = await this.getAttr({ flags: 0, group: KVM_DEV_FLIC_AISM_ALL, attr: 0n, data: EMPTY, badAddr: false });
      return decodeAisAll(r.data);
    }
    const m = await this.call(this.rpc.GetAismAll, { vmId: this.id, bufferLen: u64(bufferLen ?? 0n) });
    return { simm: m.simm, nimm: m.nimm };
  }

  async setAismAll(masks: AisMasks): Promise<void> {
    await this.call(this.rpc.SetAismAll, { vmId: this.id, simm: masks.simm, nimm: masks.nimm });
  }

  async inspect(): Promise<FlicInspection> {
    return inspectionFromMessage(await this.call(this.rpc.Inspect, { vmId: this.id }));
  }
}

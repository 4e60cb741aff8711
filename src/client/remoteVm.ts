// One VM's FLIC on a flic server: the FlicApi with every method async. Each call carries the VM id
// in its request and in the `flic-vm-id` header; device errors reject with KvmError.

import {
  KVM_DEV_FLIC_AISM_ALL,
  KVM_S390_FLIC_MAX_BUFFER,
  OP_DELIVER,
  OP_REINJECT_IO,
  OP_TPI,
  OP_TSCH,
  U32_MAX,
  checkU64,
  checkUint,
  decodeAisAll,
} from '../device/abi/index.js';
import { ErrorFigure, KvmError } from '../device/errno.js';
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
  IoIrq,
  Irq,
} from '../device/types.js';
import type { DeviceAttrResponse__Output } from '../gen/flic/v1/DeviceAttrResponse.js';
import type { FlicDefinition } from '../gen/flic/v1/Flic.js';
import type * as grpc from '@grpc/grpc-js';
import { cpuStateToMessage, deliveryFromMessage, ioDequeueFromMessage } from '../proto/delivery.js';
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

/** Deliver through a server: it can wait, and `signal` cancels a waiting call (CANCELLED). */
export interface RemoteDeliverOptions extends DeliverOptions {
  readonly signal?: AbortSignal;
}

/** The wire cannot carry a value past its field: refused here rather than cut short. */
function checkCpuWidths(cpu: CpuState): void {
  const g = OP_DELIVER;
  checkU64(g, 'pswMask', cpu.pswMask);
  checkU64(g, 'cr0', cpu.cr0);
  checkU64(g, 'cr6', cpu.cr6);
  checkU64(g, 'cr14', cpu.cr14);
  checkUint(g, 'cpuId', cpu.cpuId, U32_MAX);
  checkU64(g, 'localPending', cpu.localPending ?? 0n);
  checkU64(g, 'localMchkCr14', cpu.localMchkCr14 ?? 0n);
  checkUint(g, 'iictl', cpu.iictl ?? 0, U32_MAX);
}

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

  private call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, signal?: AbortSignal): Promise<Res> {
    return callUnary(this.client, method, request, vmMetadata(this.id), {}, { signal, bootIds: this.bootIds });
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
      const required = err.metadata[ErrorFigure.RequiredBytes];
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

  // ---- delivery (docs/delivery.md) ----------------------------------------------------------------

  /**
   * The vCPU takes at most one floating interrupt. With waitMs the server waits for something
   * deliverable (NONE when the time is up or the server stops); `signal` cancels the wait.
   */
  async deliver(cpu: CpuState, options: RemoteDeliverOptions = {}): Promise<Delivery> {
    checkCpuWidths(cpu);
    const waitMs = checkUint(OP_DELIVER, 'waitMs', options.waitMs ?? 0, U32_MAX);
    const request = { vmId: this.id, cpu: cpuStateToMessage(cpu), dryRun: options.dryRun === true, waitMs };
    return deliveryFromMessage(await this.call(this.rpc.Deliver, request, options.signal));
  }

  async tpi(iscMask: number): Promise<IoIrq | null> {
    const m = await this.call(this.rpc.Tpi, { vmId: this.id, iscMask: checkUint(OP_TPI, 'iscMask', iscMask, U32_MAX) });
    return ioDequeueFromMessage(m);
  }

  async tsch(schid: number): Promise<IoIrq | null> {
    const m = await this.call(this.rpc.Tsch, { vmId: this.id, schid: checkUint(OP_TSCH, 'schid', schid, U32_MAX) });
    return ioDequeueFromMessage(m);
  }

  async reinjectIo(irq: IoIrq): Promise<void> {
    const io = { subchannelId: irq.subchannelId, subchannelNr: irq.subchannelNr, ioIntParm: irq.ioIntParm, ioIntWord: irq.ioIntWord };
    for (const [field, v] of Object.entries(io)) checkUint(OP_REINJECT_IO, field, v, U32_MAX);
    await this.call(this.rpc.ReinjectIo, { vmId: this.id, type: u64(checkU64(OP_REINJECT_IO, 'type', irq.type)), io });
  }

  async pvSclpIntercept(): Promise<void> {
    await this.call(this.rpc.PvSclpIntercept, { vmId: this.id });
  }
}

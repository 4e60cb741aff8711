// Delivery's messages (CpuState, DeliverResponse, IoDequeueResponse, ReinjectIoRequest's payload)
// ⇄ the device's types, in both directions: the server and the client use the same conversions.

import { OP_DELIVER } from '../device/abi/index.js';
import { KvmError } from '../device/errno.js';
import type { CpuState, Delivery, InterruptClass, IoIrq } from '../device/types.js';
import type { CpuState as CpuStateMessage, CpuState__Output } from '../gen/flic/v1/CpuState.js';
import type { DeliverResponse, DeliverResponse__Output } from '../gen/flic/v1/DeliverResponse.js';
import type { InterruptClass__Output } from '../gen/flic/v1/InterruptClass.js';
import type { IoDequeueResponse, IoDequeueResponse__Output } from '../gen/flic/v1/IoDequeueResponse.js';
import type { IoPayload__Output } from '../gen/flic/v1/IoPayload.js';
import { bytesView, u64 } from './messages.js';

const CLASS_TO_MESSAGE: Readonly<Record<InterruptClass, InterruptClass__Output>> = {
  none: 'INTERRUPT_CLASS_NONE',
  io: 'INTERRUPT_CLASS_IO',
  external: 'INTERRUPT_CLASS_EXTERNAL',
  machineCheck: 'INTERRUPT_CLASS_MACHINE_CHECK',
  local: 'INTERRUPT_CLASS_LOCAL',
};
const CLASS_FROM_MESSAGE: Readonly<Record<InterruptClass__Output, InterruptClass>> = {
  INTERRUPT_CLASS_NONE: 'none',
  INTERRUPT_CLASS_IO: 'io',
  INTERRUPT_CLASS_EXTERNAL: 'external',
  INTERRUPT_CLASS_MACHINE_CHECK: 'machineCheck',
  INTERRUPT_CLASS_LOCAL: 'local',
};

/** An absent CpuState is the proto default: every register 0, vCPU 0. */
export function cpuStateFromMessage(m: CpuState__Output | null): CpuState {
  if (m === null) return { pswMask: 0n, cr0: 0n, cr6: 0n, cr14: 0n, cpuId: 0, localPending: 0n, localMchkCr14: 0n, iictl: 0 };
  return {
    pswMask: BigInt(m.pswMask),
    cr0: BigInt(m.cr0),
    cr6: BigInt(m.cr6),
    cr14: BigInt(m.cr14),
    cpuId: m.cpuId,
    localPending: BigInt(m.localPending),
    localMchkCr14: BigInt(m.localMchkCr14),
    iictl: m.iictl,
  };
}

export function cpuStateToMessage(c: CpuState): CpuStateMessage {
  return {
    pswMask: u64(c.pswMask),
    cr0: u64(c.cr0),
    cr6: u64(c.cr6),
    cr14: u64(c.cr14),
    cpuId: c.cpuId,
    localPending: u64(c.localPending ?? 0n),
    localMchkCr14: u64(c.localMchkCr14 ?? 0n),
    iictl: c.iictl ?? 0,
  };
}

export function deliveryToMessage(d: Delivery): DeliverResponse {
  return {
    interruptClass: CLASS_TO_MESSAGE[d.interruptClass],
    pendingBit: d.pendingBit,
    record: d.record,
    stores: d.stores as DeliverResponse['stores'],
    oldPswOffset: d.oldPswOffset,
    newPswOffset: d.newPswOffset,
  };
}

/** A class the contract does not define (a newer server) is refused, not guessed. */
export function deliveryFromMessage(m: DeliverResponse__Output): Delivery {
  const cls = Object.prototype.hasOwnProperty.call(CLASS_FROM_MESSAGE, m.interruptClass) ? CLASS_FROM_MESSAGE[m.interruptClass] : undefined;
  if (cls === undefined) throw new KvmError('EINVAL', OP_DELIVER, `unknown interrupt class ${String(m.interruptClass)}`);
  return {
    interruptClass: cls,
    pendingBit: m.pendingBit,
    record: bytesView(m.record),
    stores: m.stores.map((s) => ({ offset: s.offset, data: bytesView(s.data) })),
    oldPswOffset: m.oldPswOffset,
    newPswOffset: m.newPswOffset,
  };
}

const NOT_FOUND: IoDequeueResponse = Object.freeze({ found: false });

export function ioDequeueToMessage(irq: IoIrq | null): IoDequeueResponse {
  if (irq === null) return NOT_FOUND;
  return {
    found: true,
    subchannelId: irq.subchannelId,
    subchannelNr: irq.subchannelNr,
    ioIntParm: irq.ioIntParm,
    ioIntWord: irq.ioIntWord,
    type: u64(irq.type),
  };
}

export function ioDequeueFromMessage(m: IoDequeueResponse__Output): IoIrq | null {
  if (!m.found) return null;
  return ioIrqOf(m.type, m);
}

/** ReinjectIo's type and payload as the device's IoIrq (an absent payload is all zero). */
export function ioIrqOf(type: string, io: IoPayload__Output | null): IoIrq {
  return {
    kind: 'io',
    type: BigInt(type),
    subchannelId: io?.subchannelId ?? 0,
    subchannelNr: io?.subchannelNr ?? 0,
    ioIntParm: io?.ioIntParm ?? 0,
    ioIntWord: io?.ioIntWord ?? 0,
  };
}

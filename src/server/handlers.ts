// The flic.v1.Flic handlers as data: one table from method name to body (take the decoded request,
// call the device, encode the reply), every body wrapped by the same unary() from unary.ts. Nothing
// else lives here; the device throws KvmError and unary() turns it into the status. Requests
// arrive decoded by the strict decoder (src/proto/flicRequests.ts): Enqueue's as kernel records.
// The replies that carry whole queues are written from the device's records as protobuf bytes, in
// slices (encodedReplies.ts, slicedReply.ts). Deliver goes through the waiting vCPUs
// (vcpuWaits.ts), which answer at once or later.

import type { handleUnaryCall, UntypedHandleCall } from '@grpc/grpc-js';
import { KVM_DEV_FLIC_ENQUEUE } from '../device/abi/index.js';
import { OP_EXPORT_VM, OP_IMPORT_VM, type Vm, type VmRegistry } from '../device/index.js';
import type { AttrCall, AttrResult } from '../device/types.js';
import type { DeviceAttrRequest__Output } from '../gen/flic/v1/DeviceAttrRequest.js';
import type { DeviceAttrResponse } from '../gen/flic/v1/DeviceAttrResponse.js';
import type { FlicHandlers } from '../gen/flic/v1/Flic.js';
import {
  cpuStateFromMessage,
  deliveryToMessage,
  ioDequeueToMessage,
  ioIrqOf,
} from '../proto/delivery.js';
import type { FlicMethodName } from '../proto/flicMethods.js';
import { getAllIrqsReply, inspectReply, type EncodedReply } from '../proto/encodedReplies.js';
import type { FlicRequestOf } from '../proto/flicRequests.js';
import {
  adapterFromMessage,
  adapterRequestFromMessage,
  bytesView,
  vmConfigFromMessage,
} from '../proto/messages.js';
import { stateFormatFromMessage, stateFormatToMessage } from '../proto/stateFormat.js';
import { requireUnchangedState } from './deleteCondition.js';
import { slicedReply } from './slicedReply.js';
import { visibleVmIds } from './security/authorizer.js';
import { unary, type UnaryBody, type UnaryContext } from './unary.js';
import type { VcpuWaits } from './vcpuWaits.js';

type FlicMethod = FlicMethodName;
type ResponseOf<M extends FlicMethod> = FlicHandlers[M] extends handleUnaryCall<never, infer Res> ? Res : never;

/**
 * One body per method: a method of the contract without a body fails to compile. A body answers
 * its message type, or the protobuf bytes of one (withEncodedReplies passes them through).
 */
export type FlicBodies = { readonly [M in FlicMethod]: UnaryBody<FlicRequestOf<M>, ResponseOf<M> | EncodedReply<ResponseOf<M>>> };

export interface FlicBodiesOptions {
  /** This process's boot id, which ListVms reports. */
  readonly bootId: string;
}

/** One shared empty reply: most SET groups answer nothing but success. */
const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

/** The device sees plain Uint8Array (Buffer's slice() would alias the request's memory). */
function attrCall(m: DeviceAttrRequest__Output): AttrCall {
  return { flags: m.flags, group: m.group, attr: BigInt(m.attr), data: bytesView(m.data), badAddr: m.badAddr };
}

function attrResponse(r: AttrResult): DeviceAttrResponse {
  return { ret: r.ret, data: r.data };
}

export function flicBodies(vms: VmRegistry, waits: VcpuWaits, options: FlicBodiesOptions): FlicBodies {
  const vm = (id: string): Vm => vms.get(id);
  /** A body that acts on the request's VM and answers the empty reply. */
  const onVm =
    <R extends { readonly vmId: string }>(act: (target: Vm, request: R) => void) =>
    (request: R): typeof EMPTY => {
      act(vm(request.vmId), request);
      return EMPTY;
    };
  return {
    CreateVm: (r) => {
      vms.createVm(r.vmId, r.config === null ? {} : vmConfigFromMessage(r.config));
      return { vmId: r.vmId };
    },
    DeleteVm: (r) => {
      const deleted = vm(r.vmId);
      requireUnchangedState(vms, r.vmId, bytesView(r.expectedStateSha256));
      vms.deleteVm(r.vmId);
      waits.vmDeleted(deleted);
      return EMPTY;
    },
    // Under --authz-file the call gate has said which VMs the caller may see.
    ListVms: (r) => ({ vmIds: visibleVmIds(r, vms.listVms()), bootId: options.bootId }),
    CreateDevice: (r) => ({ created: vm(r.vmId).createDevice(r.type, r.flags) }),

    SetDeviceAttr: (r) => attrResponse(vm(r.vmId).setAttr(attrCall(r))),
    GetDeviceAttr: (r) => attrResponse(vm(r.vmId).getAttr(attrCall(r))),
    HasDeviceAttr: (r) => attrResponse(vm(r.vmId).hasAttr(attrCall(r))),

    GetAllIrqs: (r, call) => slicedReply(getAllIrqsReply(vm(r.vmId).getAllIrqRecords(BigInt(r.bufferLen))), call),
    // The typed records, already in kernel layout, take ENQUEUE's byte path: the same per-record
    // injection as the typed API (FlicEngine.enqueueTyped), without an object per record.
    Enqueue: onVm((v, r) =>
      v.setAttr({ flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(r.records.length), data: r.records, badAddr: false }),
    ),
    ClearIrqs: onVm((v) => v.clearIrqs()),
    ApfEnable: onVm((v) => v.apfEnable()),
    ApfDisableWait: onVm((v) => v.apfDisableWait()),
    AdapterRegister: onVm((v, r) => v.adapterRegister(adapterFromMessage(r.adapter))),
    AdapterModify: onVm((v, r) => v.adapterModify(adapterRequestFromMessage(r.req))),
    ClearIoIrq: onVm((v, r) => v.clearIoIrq(r.subchannelId, r.subchannelNr)),
    Aism: onVm((v, r) => v.aism(r.isc, r.mode)),
    AirqInject: onVm((v, r) => v.airqInject(BigInt(r.adapterId))),
    // buffer_len 0 is the proto default: it means "the struct's own size" (2).
    GetAismAll: (r) => vm(r.vmId).getAismAll(r.bufferLen === '0' ? undefined : BigInt(r.bufferLen)),
    SetAismAll: onVm((v, r) => v.setAismAll({ simm: r.simm, nimm: r.nimm })),
    Inspect: (r, call) => slicedReply(inspectReply(vm(r.vmId).inspectRecords()), call),

    Deliver: (r, call) => {
      const d = waits.deliver(vm(r.vmId), cpuStateFromMessage(r.cpu), r.dryRun, r.waitMs, call);
      return d instanceof Promise ? d.then(deliveryToMessage) : deliveryToMessage(d);
    },
    Tpi: (r) => ioDequeueToMessage(vm(r.vmId).tpi(r.iscMask)),
    Tsch: (r) => ioDequeueToMessage(vm(r.vmId).tsch(r.schid)),
    ReinjectIo: onVm((v, r) => v.reinjectIo(ioIrqOf(r.type, r.io))),
    PvSclpIntercept: onVm((v) => v.pvSclpIntercept()),

    ExportVm: (r) => {
      const format = stateFormatFromMessage(r.format, OP_EXPORT_VM);
      return { state: vm(r.vmId).exportState(format), format: stateFormatToMessage(format) };
    },
    ImportVm: (r) => {
      vms.importVm(r.vmId, bytesView(r.state), stateFormatFromMessage(r.format, OP_IMPORT_VM));
      return EMPTY;
    },
  };
}

/** The handlers grpc-js serves: each body of the table behind the one unary() wrapper. */
export function flicHandlers(vms: VmRegistry, waits: VcpuWaits, ctx: UnaryContext & FlicBodiesOptions): FlicHandlers {
  const bodies = flicBodies(vms, waits, ctx);
  const handlers: Record<string, UntypedHandleCall> = {};
  for (const method of Object.keys(bodies) as FlicMethod[]) {
    handlers[method] = unary(method, bodies[method] as UnaryBody<unknown, unknown>, ctx) as UntypedHandleCall;
  }
  // Every key of FlicBodies is a method of FlicHandlers, wrapped with its own request and reply types.
  return handlers as FlicHandlers;
}

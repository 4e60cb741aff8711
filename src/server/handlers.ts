// The flic.v1.Flic handlers as data: one table from method name to body (decode the request, call
// the device, encode the reply), every body wrapped by the same unary() from unary.ts. Nothing
// else lives here; the device throws KvmError and unary() turns it into the status. The replies
// that carry whole queues are written from the device's records as protobuf bytes, in slices
// (encodedReplies.ts, slicedReply.ts).

import type { handleUnaryCall, UntypedHandleCall } from '@grpc/grpc-js';
import type { Vm, VmRegistry } from '../device/index.js';
import type { AttrCall, AttrResult } from '../device/types.js';
import type { DeviceAttrRequest__Output } from '../gen/flic/v1/DeviceAttrRequest.js';
import type { DeviceAttrResponse } from '../gen/flic/v1/DeviceAttrResponse.js';
import type { FlicHandlers } from '../gen/flic/v1/Flic.js';
import type { FlicMethodName } from '../proto/flicMethods.js';
import { getAllIrqsReply, inspectReply, type EncodedReply } from '../proto/encodedReplies.js';
import {
  adapterFromMessage,
  adapterRequestFromMessage,
  bytesView,
  irqsFromMessages,
  vmConfigFromMessage,
} from '../proto/messages.js';
import { slicedReply } from './slicedReply.js';
import { unary, type UnaryBody, type UnaryContext } from './unary.js';

type FlicMethod = FlicMethodName;
type RequestOf<M extends FlicMethod> = FlicHandlers[M] extends handleUnaryCall<infer Req, unknown> ? Req : never;
type ResponseOf<M extends FlicMethod> = FlicHandlers[M] extends handleUnaryCall<never, infer Res> ? Res : never;

/**
 * One body per method: a method of the contract without a body fails to compile. A body answers
 * its message type, or the protobuf bytes of one (withEncodedReplies passes them through).
 */
export type FlicBodies = { readonly [M in FlicMethod]: UnaryBody<RequestOf<M>, ResponseOf<M> | EncodedReply<ResponseOf<M>>> };

/** One shared empty reply: most SET groups answer nothing but success. */
const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

/** The device sees plain Uint8Array (Buffer's slice() would alias the request's memory). */
function attrCall(m: DeviceAttrRequest__Output): AttrCall {
  return { flags: m.flags, group: m.group, attr: BigInt(m.attr), data: bytesView(m.data), badAddr: m.badAddr };
}

function attrResponse(r: AttrResult): DeviceAttrResponse {
  return { ret: r.ret, data: r.data };
}

export function flicBodies(vms: VmRegistry): FlicBodies {
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
      vms.deleteVm(r.vmId);
      return EMPTY;
    },
    ListVms: () => ({ vmIds: vms.listVms() }),
    CreateDevice: (r) => ({ created: vm(r.vmId).createDevice(r.type, r.flags) }),

    SetDeviceAttr: (r) => attrResponse(vm(r.vmId).setAttr(attrCall(r))),
    GetDeviceAttr: (r) => attrResponse(vm(r.vmId).getAttr(attrCall(r))),
    HasDeviceAttr: (r) => attrResponse(vm(r.vmId).hasAttr(attrCall(r))),

    GetAllIrqs: (r, call) => slicedReply(getAllIrqsReply(vm(r.vmId).getAllIrqRecords(BigInt(r.bufferLen))), call),
    Enqueue: onVm((v, r) => v.enqueue(irqsFromMessages(r.irqs))),
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
  };
}

/** The handlers grpc-js serves: each body of the table behind the one unary() wrapper. */
export function flicHandlers(vms: VmRegistry, ctx: UnaryContext): FlicHandlers {
  const bodies = flicBodies(vms);
  const handlers: Record<string, UntypedHandleCall> = {};
  for (const method of Object.keys(bodies) as FlicMethod[]) {
    handlers[method] = unary(method, bodies[method] as UnaryBody<unknown, unknown>, ctx) as UntypedHandleCall;
  }
  // Every key of FlicBodies is a method of FlicHandlers, wrapped with its own request and reply types.
  return handlers as FlicHandlers;
}

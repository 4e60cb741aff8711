// The flic.v1.Flic handlers: decode the request, call the device, encode the reply. Nothing else
// lives here; errors are thrown as KvmError by the device and turned into statuses by unary.ts.

import type { Vm, VmRegistry } from '../device/index.js';
import type { AttrCall, AttrResult } from '../device/types.js';
import type { DeviceAttrRequest__Output } from '../gen/flic/v1/DeviceAttrRequest.js';
import type { DeviceAttrResponse } from '../gen/flic/v1/DeviceAttrResponse.js';
import type { FlicHandlers } from '../gen/flic/v1/Flic.js';
import { inspectionToMessage } from '../proto/inspection.js';
import {
  adapterFromMessage,
  adapterRequestFromMessage,
  bytesView,
  irqsFromMessages,
  irqsToMessages,
  vmConfigFromMessage,
} from '../proto/messages.js';
import { unary, type UnaryContext } from './unary.js';

/** One shared empty reply: most SET groups answer nothing but success. */
const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

/** The device sees plain Uint8Array (Buffer's slice() would alias the request's memory). */
function attrCall(m: DeviceAttrRequest__Output): AttrCall {
  return { flags: m.flags, group: m.group, attr: BigInt(m.attr), data: bytesView(m.data), badAddr: m.badAddr };
}

function attrResponse(r: AttrResult): DeviceAttrResponse {
  return { ret: r.ret, data: r.data };
}

export function flicHandlers(vms: VmRegistry, ctx: UnaryContext): FlicHandlers {
  const vm = (id: string): Vm => vms.get(id);
  return {
    CreateVm: unary(
      'CreateVm',
      (r) => {
        vms.createVm(r.vmId, r.config === null ? {} : vmConfigFromMessage(r.config));
        return { vmId: r.vmId };
      },
      ctx,
    ),
    DeleteVm: unary(
      'DeleteVm',
      (r) => {
        vms.deleteVm(r.vmId);
        return EMPTY;
      },
      ctx,
    ),
    ListVms: unary('ListVms', () => ({ vmIds: vms.listVms() }), ctx),
    CreateDevice: unary('CreateDevice', (r) => ({ created: vm(r.vmId).createDevice(r.type, r.flags) }), ctx),

    SetDeviceAttr: unary('SetDeviceAttr', (r) => attrResponse(vm(r.vmId).setAttr(attrCall(r))), ctx),
    GetDeviceAttr: unary('GetDeviceAttr', (r) => attrResponse(vm(r.vmId).getAttr(attrCall(r))), ctx),
    HasDeviceAttr: unary('HasDeviceAttr', (r) => attrResponse(vm(r.vmId).hasAttr(attrCall(r))), ctx),

    GetAllIrqs: unary(
      'GetAllIrqs',
      (r) => {
        const irqs = vm(r.vmId).getAllIrqs(BigInt(r.bufferLen));
        return { irqs: irqsToMessages(irqs), count: irqs.length };
      },
      ctx,
    ),
    Enqueue: unary(
      'Enqueue',
      (r) => {
        vm(r.vmId).enqueue(irqsFromMessages(r.irqs));
        return EMPTY;
      },
      ctx,
    ),
    ClearIrqs: unary(
      'ClearIrqs',
      (r) => {
        vm(r.vmId).clearIrqs();
        return EMPTY;
      },
      ctx,
    ),
    ApfEnable: unary(
      'ApfEnable',
      (r) => {
        vm(r.vmId).apfEnable();
        return EMPTY;
      },
      ctx,
    ),
    ApfDisableWait: unary(
      'ApfDisableWait',
      (r) => {
        vm(r.vmId).apfDisableWait();
        return EMPTY;
      },
      ctx,
    ),
    AdapterRegister: unary(
      'AdapterRegister',
      (r) => {
        vm(r.vmId).adapterRegister(adapterFromMessage(r.adapter));
        return EMPTY;
      },
      ctx,
    ),
    AdapterModify: unary(
      'AdapterModify',
      (r) => {
        vm(r.vmId).adapterModify(adapterRequestFromMessage(r.req));
        return EMPTY;
      },
      ctx,
    ),
    ClearIoIrq: unary(
      'ClearIoIrq',
      (r) => {
        vm(r.vmId).clearIoIrq(r.subchannelId, r.subchannelNr);
        return EMPTY;
      },
      ctx,
    ),
    Aism: unary(
      'Aism',
      (r) => {
        vm(r.vmId).aism(r.isc, r.mode);
        return EMPTY;
      },
      ctx,
    ),
    AirqInject: unary(
      'AirqInject',
      (r) => {
        vm(r.vmId).airqInject(BigInt(r.adapterId));
        return EMPTY;
      },
      ctx,
    ),
    GetAismAll: unary(
      'GetAismAll',
      // buffer_len 0 is the proto default: it means "the struct's own size" (2).
      (r) => vm(r.vmId).getAismAll(r.bufferLen === '0' ? undefined : BigInt(r.bufferLen)),
      ctx,
    ),
    SetAismAll: unary(
      'SetAismAll',
      (r) => {
        vm(r.vmId).setAismAll({ simm: r.simm, nimm: r.nimm });
        return EMPTY;
      },
      ctx,
    ),
    Inspect: unary('Inspect', (r) => inspectionToMessage(vm(r.vmId).inspect()), ctx),
  };
}

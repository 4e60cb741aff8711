// One valid request of every flic.v1 method with every field set (nested messages and lists
// included), as proto-loader objects and as the bytes a client sends: the starting points of the
// truncation tests and of the wire-level fuzz.

import { KVM_DEV_FLIC_ENQUEUE, KVM_DEV_FLIC_GET_ALL_IRQS, KVM_DEV_TYPE_FLIC, encodeIrqs } from '../../src/device/abi/index.js';
import type { FlicMethodName } from '../../src/proto/flicMethods.js';
import { loadFlicProto } from '../../src/proto/loader.js';
import { irqsToMessages } from '../../src/proto/messages.js';
import { A, MCHK, SVC, VIRTIO } from './typedRecords.js';

const RAW_RECORD: Uint8Array = encodeIrqs([A]);

/** Every method's request for `vmId`, every field set. */
export function sampleRequests(vmId: string): Record<FlicMethodName, object> {
  const irqs = irqsToMessages([A, SVC(8), VIRTIO(3), MCHK(0x1234n, 0x40000000n), { kind: 'raw', type: 0xffff1004n, payload: Uint8Array.of(1, 2, 3) }]);
  return {
    CreateVm: {
      vmId,
      config: {
        ais: true,
        gisa: true,
        ucontrol: false,
        protected: true,
        maxVcpus: 8,
        profile: 'KERNEL_PROFILE_CURRENT',
        adapterMapMode: 'ADAPTER_MAP_MODE_TRACKED',
        guestMemory: [
          { start: 4096, size: 1 << 20 },
          { start: 1 << 24, size: 1 << 16 },
        ],
      },
    },
    DeleteVm: { vmId, expectedStateSha256: new Uint8Array(32).fill(7) },
    ListVms: {},
    CreateDevice: { vmId, type: KVM_DEV_TYPE_FLIC, flags: 1 },
    SetDeviceAttr: { vmId, flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: RAW_RECORD.length, data: RAW_RECORD, badAddr: false },
    GetDeviceAttr: { vmId, flags: 0, group: KVM_DEV_FLIC_GET_ALL_IRQS, attr: 4096, data: Uint8Array.of(9), badAddr: false },
    HasDeviceAttr: { vmId, flags: 0, group: KVM_DEV_FLIC_GET_ALL_IRQS, attr: 0, data: new Uint8Array(0), badAddr: true },
    GetAllIrqs: { vmId, bufferLen: 4096 },
    Enqueue: { vmId, irqs },
    ClearIrqs: { vmId },
    ApfEnable: { vmId },
    ApfDisableWait: { vmId },
    AdapterRegister: { vmId, adapter: { id: 3, isc: 2, maskable: true, swap: true, flags: 1 } },
    AdapterModify: { vmId, req: { id: 3, type: 1, mask: true, addr: 4096 } },
    ClearIoIrq: { vmId, subchannelId: 0xfe01, subchannelNr: 5 },
    Aism: { vmId, isc: 3, mode: 1 },
    AirqInject: { vmId, adapterId: 3 },
    GetAismAll: { vmId, bufferLen: 2 },
    SetAismAll: { vmId, simm: 0x80, nimm: 0x40 },
    Inspect: { vmId },
    Deliver: {
      vmId,
      cpu: { pswMask: '505529064614789120', cr0: 0x200, cr6: 0xff000000, cr14: 0x10000000, cpuId: 1, localPending: 0, localMchkCr14: 0, iictl: 0 },
      dryRun: false,
      waitMs: 0,
    },
    Tpi: { vmId, iscMask: 0xff000000 },
    Tsch: { vmId, schid: 0xfe010005 },
    ReinjectIo: { vmId, type: 0x03f80005, io: { subchannelId: 0xfe01, subchannelNr: 5, ioIntParm: 1, ioIntWord: 0x18000000 } },
    PvSclpIntercept: { vmId },
    ExportVm: { vmId, format: 'STATE_FORMAT_QEMU' },
    // A QEMU-format state of no interrupts (a count of 0): loads into the existing VM.
    ImportVm: { vmId, format: 'STATE_FORMAT_QEMU', state: new Uint8Array(8) },
  };
}

/** The method's path and its sample request's bytes, as FlicClient would send them. */
export function sampleRequestBytes(vmId: string): { method: FlicMethodName; path: string; bytes: Buffer }[] {
  const service = loadFlicProto().flic.v1.Flic.service;
  const samples = sampleRequests(vmId);
  return (Object.keys(samples) as FlicMethodName[]).map((method) => {
    const definition = service[method];
    const serialize = definition.requestSerialize as (value: object) => Buffer;
    return { method, path: definition.path, bytes: serialize(samples[method]) };
  });
}

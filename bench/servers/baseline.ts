// The baseline: a bare grpc-js server of flic.v1.Flic, set up like flic (the same proto-loader
// options through loadFlicProto, the same message limits, channelz off as flic has it) and
// answering every method with the least work that still touches the request: decode (grpc-js),
// read the fields, answer a constant reply of the right shape. GET_ALL_IRQS (typed and raw)
// answers a reply built from a full I/O queue, so it carries the same records and bytes as
// flic's. Run as a child process: prints {"listening":port} on stdout, stops on SIGTERM.
//
// The GET_ALL_IRQS replies are built at the first GET_ALL_IRQS call, not at start. The typed one
// is 266,250 message objects, and a heap that holds them from the start changes how V8 collects
// the garbage of every other call: with ~60 MB live, incremental marking seldom runs, and the
// scavenges of a unary run promoted ~50 KB each instead of ~1.8 MB and paused ~1.1 ms instead of
// ~4 ms (--trace-gc-nvp, 60,000 unary Enqueue calls). Without those objects it behaved like
// flic's handlers with one VM (1.8 MB and 1.6 MB promoted), so a baseline that held them from the
// start measured a heap state, not the transport. The bench starts a fresh pair of servers for
// GET_ALL_IRQS.

import * as grpc from '@grpc/grpc-js';
import { KVM_DEV_FLIC_GET_ALL_IRQS, KVM_S390_FLIC_MAX_BUFFER, KVM_DEV_TYPE_FLIC, VmRegistry } from '../../src/device/index.js';
import type { DeliverResponse } from '../../src/gen/flic/v1/DeliverResponse.js';
import type { DeviceAttrRequest__Output } from '../../src/gen/flic/v1/DeviceAttrRequest.js';
import type { DeviceAttrResponse } from '../../src/gen/flic/v1/DeviceAttrResponse.js';
import type { FlicHandlers } from '../../src/gen/flic/v1/Flic.js';
import type { GetAllIrqsResponse } from '../../src/gen/flic/v1/GetAllIrqsResponse.js';
import type { Interrupt__Output } from '../../src/gen/flic/v1/Interrupt.js';
import { MESSAGE_LIMIT_OPTIONS, loadFlicProto } from '../../src/proto/loader.js';
import { irqsToMessages } from '../../src/proto/messages.js';
import { fullQueueIrqs } from '../../test/support/workload.js';

/** Whatever the handlers read goes here, so that no read can be optimised away. */
let sink = 0;

function touchIrqs(irqs: readonly Interrupt__Output[]): void {
  for (const m of irqs) {
    sink += m.type.length;
    const io = m.io;
    if (io) sink += io.subchannelId + io.subchannelNr + io.ioIntParm + io.ioIntWord;
  }
}

/** The replies of GET_ALL_IRQS for a full I/O queue, typed and raw, as flic answers them. */
function fullQueueReplies(): { typed: GetAllIrqsResponse; raw: DeviceAttrResponse } {
  const vms = new VmRegistry();
  vms.createVm('baseline');
  const vm = vms.get('baseline');
  vm.createDevice(KVM_DEV_TYPE_FLIC);
  vm.enqueue(fullQueueIrqs());
  const irqs = vm.getAllIrqs(BigInt(KVM_S390_FLIC_MAX_BUFFER));
  const raw = vm.getAttr({
    flags: 0,
    group: KVM_DEV_FLIC_GET_ALL_IRQS,
    attr: BigInt(KVM_S390_FLIC_MAX_BUFFER),
    data: new Uint8Array(0),
    badAddr: false,
  });
  return { typed: { irqs: irqsToMessages(irqs), count: irqs.length }, raw: { ret: raw.ret, data: raw.data } };
}

const EMPTY = Object.freeze({});
/** A Deliver reply of the shape flic sends for an I/O interrupt: its record, four stores, the PSW slots. */
const IO_DELIVERY: DeliverResponse = {
  interruptClass: 'INTERRUPT_CLASS_IO',
  pendingBit: 5,
  record: new Uint8Array(72),
  stores: [
    { offset: 0xb8, data: new Uint8Array(2) },
    { offset: 0xba, data: new Uint8Array(2) },
    { offset: 0xbc, data: new Uint8Array(4) },
    { offset: 0xc0, data: new Uint8Array(4) },
  ],
  oldPswOffset: 0x170,
  newPswOffset: 0x1f0,
};
const NO_DATA = new Uint8Array(0);

function handlers(): FlicHandlers {
  let built: ReturnType<typeof fullQueueReplies> | undefined;
  const full = (): ReturnType<typeof fullQueueReplies> => (built ??= fullQueueReplies());
  const attrReply: DeviceAttrResponse = { ret: 0, data: NO_DATA };
  const attr = (r: DeviceAttrRequest__Output): void => {
    sink += r.vmId.length + r.flags + r.group + r.attr.length + r.data.length + (r.badAddr ? 1 : 0);
  };
  return {
    CreateVm: (call, cb) => cb(null, { vmId: call.request.vmId }),
    DeleteVm: (call, cb) => {
      sink += call.request.vmId.length;
      cb(null, EMPTY);
    },
    ListVms: (_call, cb) => cb(null, { vmIds: [] }),
    CreateDevice: (call, cb) => {
      sink += call.request.vmId.length + call.request.type + call.request.flags;
      cb(null, { created: true });
    },
    SetDeviceAttr: (call, cb) => {
      attr(call.request);
      cb(null, attrReply);
    },
    GetDeviceAttr: (call, cb) => {
      attr(call.request);
      cb(null, call.request.group === KVM_DEV_FLIC_GET_ALL_IRQS ? full().raw : attrReply);
    },
    HasDeviceAttr: (call, cb) => {
      attr(call.request);
      cb(null, attrReply);
    },
    GetAllIrqs: (call, cb) => {
      sink += call.request.vmId.length + call.request.bufferLen.length;
      cb(null, full().typed);
    },
    Enqueue: (call, cb) => {
      sink += call.request.vmId.length;
      touchIrqs(call.request.irqs);
      cb(null, EMPTY);
    },
    ClearIrqs: (call, cb) => {
      sink += call.request.vmId.length;
      cb(null, EMPTY);
    },
    ApfEnable: (call, cb) => {
      sink += call.request.vmId.length;
      cb(null, EMPTY);
    },
    ApfDisableWait: (call, cb) => {
      sink += call.request.vmId.length;
      cb(null, EMPTY);
    },
    AdapterRegister: (call, cb) => {
      const a = call.request.adapter;
      sink += call.request.vmId.length + (a === null ? 0 : a.id + a.isc + a.flags);
      cb(null, EMPTY);
    },
    AdapterModify: (call, cb) => {
      const q = call.request.req;
      sink += call.request.vmId.length + (q === null ? 0 : q.id + q.type + q.addr.length);
      cb(null, EMPTY);
    },
    ClearIoIrq: (call, cb) => {
      sink += call.request.vmId.length + call.request.subchannelId + call.request.subchannelNr;
      cb(null, EMPTY);
    },
    Aism: (call, cb) => {
      sink += call.request.vmId.length + call.request.isc + call.request.mode;
      cb(null, EMPTY);
    },
    AirqInject: (call, cb) => {
      sink += call.request.vmId.length + call.request.adapterId.length;
      cb(null, EMPTY);
    },
    GetAismAll: (call, cb) => {
      sink += call.request.vmId.length + call.request.bufferLen.length;
      cb(null, { simm: 0, nimm: 0 });
    },
    SetAismAll: (call, cb) => {
      sink += call.request.vmId.length + call.request.simm + call.request.nimm;
      cb(null, EMPTY);
    },
    Inspect: (call, cb) => {
      sink += call.request.vmId.length;
      cb(null, EMPTY);
    },
    Deliver: (call, cb) => {
      const c = call.request.cpu;
      sink += call.request.vmId.length + call.request.waitMs + (c === null ? 0 : c.pswMask.length + c.cr6.length + c.cpuId);
      cb(null, IO_DELIVERY);
    },
    Tpi: (call, cb) => {
      sink += call.request.vmId.length + call.request.iscMask;
      cb(null, EMPTY);
    },
    Tsch: (call, cb) => {
      sink += call.request.vmId.length + call.request.schid;
      cb(null, EMPTY);
    },
    ReinjectIo: (call, cb) => {
      sink += call.request.vmId.length + call.request.type.length;
      cb(null, EMPTY);
    },
    PvSclpIntercept: (call, cb) => {
      sink += call.request.vmId.length;
      cb(null, EMPTY);
    },
  };
}

async function main(): Promise<void> {
  const host = process.argv[2] ?? '127.0.0.1';
  const server = new grpc.Server({ 'grpc.enable_channelz': 0, ...MESSAGE_LIMIT_OPTIONS });
  server.addService(loadFlicProto().flic.v1.Flic.service, handlers());
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:0`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  process.stdout.write(`${JSON.stringify({ listening: port })}\n`);
  process.once('SIGTERM', () => {
    server.tryShutdown(() => {
      // The sink is printed so that it is observable; it carries no information.
      process.stderr.write(`baseline stopped (${sink & 1})\n`);
      process.exit(0);
    });
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`baseline failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

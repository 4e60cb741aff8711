// The replies written straight from records are, byte for byte, what protobufjs writes for the
// message objects the server built before (irqsToMessages / inspectionToMessage), for every kind
// of record and every value width, and for whole inspections of both profiles, delivery's fields
// (masked_irqs, wait_scan_start, the delivery counters) included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  KVM_DEV_TYPE_FLIC,
  KVM_S390_FLIC_MAX_BUFFER,
  KVM_S390_IRQ_SIZE,
  VmRegistry,
  decodeIrqs,
  type VmConfig,
} from '../../src/device/index.js';
import { EncodedReply, SLICE_RECORDS, buildNow, getAllIrqsReply, inspectReply, withEncodedReplies } from '../../src/proto/encodedReplies.js';
import { inspectionToMessage } from '../../src/proto/inspection.js';
import { loadFlicProto } from '../../src/proto/loader.js';
import { irqsToMessages } from '../../src/proto/messages.js';
import { EXT, IO, MCHK, RAW, cat } from '../conformance/recordBytes.js';
import { ioIrqs } from '../support/workload.js';
import { cpu, ioOn } from '../support/deliveryVectors.js';
import { MCHK as mchk, PFD, SVC, VIRTIO } from '../support/typedRecords.js';

const service = loadFlicProto().flic.v1.Flic.service;

function protobufjsGetAll(records: Uint8Array): Buffer {
  const irqs = decodeIrqs(records);
  return service.GetAllIrqs.responseSerialize({ irqs: irqsToMessages(irqs), count: irqs.length });
}

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u64 = fc.oneof(fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }), fc.constantFrom(0n, 1n, 0x7fn, 0x80n, 0xffffffffn, 0x100000000n, 2n ** 63n));
const record = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 0xfffdffff }), u16, u16, u32, u32).map(([t, s, n, p, w]) => IO(t, s, n, p, w)),
  fc
    .tuple(fc.constantFrom(0xffff2603, 0xffff2401, 0xfffe0005, 0xfffe0004), u32, u32, u64)
    .map(([t, p, pad, p2]) => EXT(t, p, pad, p2)),
  fc
    .tuple(u64, u64, u64, u32, fc.uint8Array({ minLength: 16, maxLength: 16 }))
    .map(([cr14, mcic, fsa, edc, logout]) => MCHK(cr14, mcic, fsa, edc, logout)),
  // Types that are not floating (raw union bytes), including types above 32 bits.
  fc
    .tuple(fc.oneof(fc.constantFrom(0xfffe0000, 0xffff1004), fc.bigInt({ min: 2n ** 32n, max: 2n ** 64n - 1n })), fc.uint8Array({ minLength: 64, maxLength: 64 }))
    .map(([t, union]) => {
      const r = RAW(t);
      r.set(union, 8);
      return r;
    }),
);

describe('GetAllIrqsResponse from records', () => {
  it('equals protobufjs for every kind of record and value width', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), (records) => {
        const bytes = cat(...records);
        expect(buildNow(getAllIrqsReply(bytes)).bytes).toEqual(protobufjsGetAll(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('equals protobufjs for no records and across slice boundaries', () => {
    expect(buildNow(getAllIrqsReply(new Uint8Array(0))).bytes).toEqual(protobufjsGetAll(new Uint8Array(0)));
    const reg = new VmRegistry();
    reg.createVm('v');
    const vm = reg.get('v');
    vm.createDevice(KVM_DEV_TYPE_FLIC);
    vm.enqueue(ioIrqs(2 * SLICE_RECORDS + 3));
    const records = vm.getAllIrqRecords(BigInt(KVM_S390_FLIC_MAX_BUFFER));
    const builder = getAllIrqsReply(records);
    let stops = 0;
    let step = builder.next();
    for (; step.done !== true; step = builder.next()) stops++;
    expect(stops).toBe(3);
    expect(step.value.bytes).toEqual(protobufjsGetAll(records));
    expect(records.length / KVM_S390_IRQ_SIZE).toBe(2 * SLICE_RECORDS + 3);
  });
});

describe('InspectResponse from records', () => {
  const cases: [string, Partial<VmConfig>][] = [
    ['current, with GISA, AIS and adapters', { gisa: true, ais: true, adapterMapMode: 'tracked', maxVcpus: 3 }],
    ['current, defaults', {}],
    ['original (one list)', { profile: 'original' }],
  ];
  it.each(cases)('equals protobufjs: %s', (_, config) => {
    const reg = new VmRegistry();
    reg.createVm('v', config);
    const vm = reg.get('v');
    vm.createDevice(KVM_DEV_TYPE_FLIC);
    const protobufjs = (): Buffer => service.Inspect.responseSerialize(inspectionToMessage(vm.inspect()));
    expect(buildNow(inspectReply(vm.inspectRecords())).bytes).toEqual(protobufjs());
    if (config.profile !== 'original') {
      vm.adapterRegister({ id: 2, isc: 5, maskable: true, swap: false, flags: 1 });
      vm.adapterModify({ id: 2, type: 1, mask: true, addr: 0n });
      vm.apfEnable();
    }
    vm.enqueue([...ioIrqs(SLICE_RECORDS + 17), VIRTIO(7, 1, 2n ** 40n), PFD(3), SVC(0x10), mchk(2n ** 60n, 5n)]);
    expect(buildNow(inspectReply(vm.inspectRecords())).bytes).toEqual(protobufjs());
  });
});

describe('InspectResponse from records, after delivery', () => {
  const cases: [string, Partial<VmConfig>][] = [
    ['current, protected (masked_irqs)', { protected: true, gisa: true, maxVcpus: 4 }],
    ['current, defaults', { maxVcpus: 4 }],
    ['original (one list)', { profile: 'original', maxVcpus: 4 }],
  ];
  it.each(cases)('equals protobufjs with masked_irqs, wait_scan_start and every counter: %s', (_, config) => {
    const reg = new VmRegistry();
    reg.createVm('v', config);
    const vm = reg.get('v');
    vm.createDevice(KVM_DEV_TYPE_FLIC);
    const protobufjs = (): Buffer => service.Inspect.responseSerialize(inspectionToMessage(vm.inspect()));
    vm.enqueue([...ioIrqs(SLICE_RECORDS + 5), ioOn(3, 7), ioOn(6, 9), VIRTIO(7, 1, 2n ** 40n), PFD(3), SVC(0x10), mchk(2n ** 60n, 5n)]);
    // delivered (per pending bit), delivered_local, TPI and TSCH hits and misses, reinjected.
    for (let i = 0; i < 4; i++) vm.deliver(cpu({ cpuId: i % 4 }));
    vm.deliver(cpu({ localPending: 1n }));
    vm.deliver(cpu({ pswMask: 0n, localPending: 1n << 24n }));
    const taken = vm.tpi(0xff000000);
    vm.tpi(0);
    vm.tsch(((0xfe01 << 16) | 9) >>> 0);
    vm.tsch(0x12345);
    if (taken !== null) vm.reinjectIo(taken);
    vm.beginWait(3);
    const i = vm.inspect();
    expect(i.counters.delivered.length + i.counters.deliveredLocal.length).toBeGreaterThan(0);
    expect(i.counters.tpiHits + i.counters.tschHits + i.counters.tpiMisses + i.counters.tschMisses).toBeGreaterThan(0);
    if (config.profile !== 'original') expect(i.waitScanStart).toBe(3);
    if (config.protected === true) expect(i.maskedIrqs).not.toBe(0);
    expect(buildNow(inspectReply(vm.inspectRecords())).bytes).toEqual(protobufjs());
  });
});

describe('withEncodedReplies', () => {
  it('sends an EncodedReply as it is and serializes any other reply as before', () => {
    const wrapped = withEncodedReplies(service);
    expect(Object.keys(wrapped)).toEqual(Object.keys(service));
    const bytes = Buffer.from([1, 2, 3]);
    expect(wrapped['GetAllIrqs']!.responseSerialize(new EncodedReply(bytes))).toBe(bytes);
    const reply = { irqs: irqsToMessages(ioIrqs(2)), count: 2 };
    expect(wrapped['GetAllIrqs']!.responseSerialize(reply)).toEqual(service.GetAllIrqs.responseSerialize(reply));
    expect(wrapped['Inspect']!.path).toBe(service.Inspect.path);
  });
});

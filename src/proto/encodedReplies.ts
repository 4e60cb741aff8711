// The two replies that can carry a whole queue (GetAllIrqs, Inspect), written as protobuf bytes
// from the device's records instead of as message objects, and the service definition that lets
// grpc-js send such bytes as they are. The generated types stay the contract: an EncodedReply<T>
// holds exactly the bytes that protobufjs writes for the T it stands for
// (test/proto/encodedReplies.test.ts). Each builder is a generator that stops after every slice of
// records, so that the server can let other calls run between slices.

import type { ServiceDefinition } from '@grpc/grpc-js';
import { KVM_S390_IRQ_SIZE } from '../device/abi/index.js';
import type { FlicInspectionRecords } from '../device/types.js';
import type { GetAllIrqsResponse } from '../gen/flic/v1/GetAllIrqsResponse.js';
import type { InspectResponse } from '../gen/flic/v1/InspectResponse.js';
import { inspectionSummaryToMessage } from './inspection.js';
import { delimitedHeader, encodeInterrupts, varintField } from './interruptWire.js';
import { loadFlicProto } from './loader.js';

/** Records encoded between two stops: about a millisecond of work. */
export const SLICE_RECORDS = 4096;

// Field numbers of the lists (proto/flic/v1/flic.proto).
const GET_ALL_IRQS_IRQS = 1;
const INSPECT_IO = 3;
const INSPECT_PFAULT_DONE = 5;
const INSPECT_VIRTIO = 6;
const INSPECT_LIST = 9;
const ISC_QUEUE_ISC = 1;
const ISC_QUEUE_IRQS = 2;

/** A reply that is already protobuf bytes: the bytes protobufjs would write for a T. */
export class EncodedReply<T> {
  /** Only ties the bytes to the message type they encode. */
  declare private readonly message: T;

  constructor(readonly bytes: Buffer) {}
}

/** A builder: call next() until done; each stop is a point where other work may run. */
export type ReplyBuilder<T> = Generator<void, EncodedReply<T>>;

/**
 * A copy of `service` whose methods send an EncodedReply's bytes unchanged and serialize every
 * other reply as before.
 */
export function withEncodedReplies(service: ServiceDefinition): ServiceDefinition {
  return Object.fromEntries(
    Object.entries(service).map(([name, def]) => {
      const serialize = def.responseSerialize;
      const passThrough = (value: unknown): Buffer => (value instanceof EncodedReply ? value.bytes : serialize(value));
      return [name, { ...def, responseSerialize: passThrough }];
    }),
  );
}

function recordCount(records: Uint8Array): number {
  return records.length / KVM_S390_IRQ_SIZE;
}

/** The records as repeated field `field`, one part per slice. */
function* interruptList(records: Uint8Array, field: number, parts: Buffer[]): Generator<void, void> {
  const n = recordCount(records);
  for (let first = 0; first < n; first += SLICE_RECORDS) {
    parts.push(encodeInterrupts(records, field, first, Math.min(n, first + SLICE_RECORDS)));
    yield;
  }
}

function byteLength(parts: readonly Buffer[]): number {
  let n = 0;
  for (const p of parts) n += p.length;
  return n;
}

/** GetAllIrqsResponse { irqs, count } from GET_ALL_IRQS's records. */
export function* getAllIrqsReply(records: Uint8Array): ReplyBuilder<GetAllIrqsResponse> {
  const serialize = loadFlicProto().flic.v1.Flic.service.GetAllIrqs.responseSerialize;
  const parts: Buffer[] = [];
  yield* interruptList(records, GET_ALL_IRQS_IRQS, parts);
  parts.push(serialize({ count: recordCount(records) }));
  return new EncodedReply(Buffer.concat(parts));
}

/**
 * InspectResponse from an inspection with records. protobufjs writes fields in field-number order;
 * the small fields between the lists are serialized by protobufjs itself, a group at a time.
 */
export function* inspectReply(i: FlicInspectionRecords): ReplyBuilder<InspectResponse> {
  const serialize = loadFlicProto().flic.v1.Flic.service.Inspect.responseSerialize;
  const m = inspectionSummaryToMessage(i);
  const parts: Buffer[] = [serialize({ profile: m.profile, config: m.config })];
  for (let isc = 0; isc < i.io.length; isc++) {
    const queue: Buffer[] = [varintField(ISC_QUEUE_ISC, isc)];
    yield* interruptList(i.io[isc]!, ISC_QUEUE_IRQS, queue);
    parts.push(delimitedHeader(INSPECT_IO, byteLength(queue)), ...queue);
  }
  parts.push(serialize({ gisaIpm: m.gisaIpm }));
  yield* interruptList(i.pfaultDone, INSPECT_PFAULT_DONE, parts);
  yield* interruptList(i.virtio, INSPECT_VIRTIO, parts);
  parts.push(serialize({ service: m.service, machineCheck: m.machineCheck }));
  if (i.list !== null) yield* interruptList(i.list, INSPECT_LIST, parts);
  parts.push(
    serialize({
      ais: m.ais,
      adapters: m.adapters,
      apfEnabled: m.apfEnabled,
      limits: m.limits,
      depths: m.depths,
      counters: m.counters,
      maskedIrqs: m.maskedIrqs,
      waitScanStart: m.waitScanStart,
    }),
  );
  return new EncodedReply(Buffer.concat(parts));
}

/** Runs a builder to the end at once (tests, and replies too small to be worth stopping for). */
export function buildNow<T>(builder: ReplyBuilder<T>): EncodedReply<T> {
  for (;;) {
    const step = builder.next();
    if (step.done === true) return step.value;
  }
}

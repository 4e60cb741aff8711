// The strict request decoder on its own: what it accepts is exactly what proto-loader would have
// built (or, for ENQUEUE, exactly the typed records' kernel layout), and everything that is not a
// well-formed request within its limits is refused with EINVAL naming the field, before anything
// is built. Issue 11 item 3: protobufjs's reader clamps a string that runs past the end.

import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { U16_MAX, encodeIrqs } from '../../src/device/abi/index.js';
import { KvmError } from '../../src/device/errno.js';
import type { Irq } from '../../src/device/types.js';
import { GUEST_MEMORY_MAX_RANGES } from '../../src/device/vmConfig.js';
import { flicRequestRoutes, strictFlicService } from '../../src/proto/flicRequests.js';
import { loadFlicProto } from '../../src/proto/loader.js';
import { irqsToMessages } from '../../src/proto/messages.js';
import { RefusedRequest } from '../../src/proto/requestDecoder.js';
import {
  ENQUEUE_MAX_RECORDS,
  REQUEST_LIST_LIMITS,
  REQUEST_STRING_MAX_BYTES,
} from '../../src/proto/requestLimits.js';
import { flicDescriptors, requestPlan } from '../../src/proto/requestSchema.js';
import { REQUEST_GROUP } from '../../src/proto/wire.js';
import { sampleRequestBytes } from '../support/requestSamples.js';

const routes = flicRequestRoutes();
const service = loadFlicProto().flic.v1.Flic.service;
const strict = strictFlicService(routes);
const routeOf = (method: string) => [...routes.values()].find((r) => r.method === method)!;

/** Decodes with the server's deserializer: the request, or the refusal's KvmError. */
function decode(method: string, bytes: Uint8Array): unknown {
  const deserialize = (strict as unknown as Record<string, { requestDeserialize(b: Buffer): unknown }>)[method]!.requestDeserialize;
  const out = deserialize(Buffer.from(bytes));
  return out instanceof RefusedRequest ? out.error : out;
}

function refusal(method: string, bytes: Uint8Array): KvmError {
  const out = decode(method, bytes);
  expect(out, `${method} ${Buffer.from(bytes).toString('hex')} must be refused`).toBeInstanceOf(KvmError);
  const err = out as KvmError;
  expect([err.errnoName, err.group]).toEqual(['EINVAL', REQUEST_GROUP]);
  expect(err.metadata['field']).toBeTypeOf('string');
  return err;
}

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Offsets where a top-level field ends, read with protobufjs's own reader (independently). */
function topLevelBoundaries(bytes: Uint8Array): Set<number> {
  const r = protobuf.Reader.create(bytes);
  const out = new Set([0]);
  while (r.pos < r.len) {
    const tag = r.uint32();
    r.skipType(tag & 7);
    out.add(r.pos);
  }
  return out;
}

function protoLoaderDecode(method: string, bytes: Uint8Array): unknown {
  return (service as unknown as Record<string, { requestDeserialize(b: Buffer): unknown }>)[method]!.requestDeserialize(Buffer.from(bytes));
}

describe('the request plans', () => {
  it('cover every request type, and every list row names a real repeated request field', () => {
    const repeated = new Set<string>();
    for (const route of routes.values()) {
      requestPlan(route.requestType);
      const walk = (type: protobuf.Type, seen: Set<string>): void => {
        if (seen.has(type.fullName)) return;
        seen.add(type.fullName);
        for (const f of type.fieldsArray) {
          if (f.repeated) repeated.add(`${type.fullName.slice(1)}.${f.name}`);
          if (f.resolvedType instanceof protobuf.Type) walk(f.resolvedType, seen);
        }
      };
      walk(flicDescriptors().lookupType(route.requestType), new Set());
    }
    expect(Object.keys(REQUEST_LIST_LIMITS).sort()).toEqual([...repeated].sort());
    expect(routes.size).toBe(Object.keys(service).length);
  });

  it('gives only the bulk request types the 33 MiB limit', () => {
    const large = [...routes.values()].filter((r) => r.maxBytes > 64 * 1024).map((r) => r.method);
    expect(large.sort()).toEqual(['Enqueue', 'GetDeviceAttr', 'HasDeviceAttr', 'ImportVm', 'SetDeviceAttr']);
  });
});

describe('valid requests', () => {
  it('decode to what proto-loader builds (Enqueue: to the typed records in kernel layout)', () => {
    for (const { method, bytes } of sampleRequestBytes('vm-1')) {
      const out = decode(method, bytes);
      if (method === 'Enqueue') {
        const m = protoLoaderDecode(method, bytes) as { irqs: unknown[] };
        expect(out).toMatchObject({ vmId: 'vm-1', count: m.irqs.length });
      } else {
        expect(out, method).toEqual(protoLoaderDecode(method, bytes));
      }
    }
  });

  it('accept unknown fields of every wire type, as proto3 asks', () => {
    // Inspect {vm_id: "a"} + field 9 varint, field 10 fixed64, field 11 bytes, field 12 fixed32.
    const bytes = hex('0a0161 4801 5101020304050607 08 5a03616263 650a0b0c0d');
    expect(decode('Inspect', bytes)).toEqual({ vmId: 'a' });
  });
});

describe('every truncation point of every request type', () => {
  it('is refused unless it falls between two top-level fields (then it is that shorter request)', () => {
    let refused = 0;
    for (const { method, bytes } of sampleRequestBytes('vm-truncation')) {
      const boundaries = topLevelBoundaries(bytes);
      for (let k = 0; k < bytes.length; k++) {
        const prefix = bytes.subarray(0, k);
        if (boundaries.has(k)) {
          const out = decode(method, prefix);
          expect(out, `${method} cut at ${k}`).not.toBeInstanceOf(KvmError);
          if (method !== 'Enqueue') expect(out).toEqual(protoLoaderDecode(method, prefix));
        } else {
          refusal(method, prefix);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(500);
  });

  it('a vm_id that declares 12 bytes but holds 9 is refused (protobufjs reads "victim-id")', () => {
    const bytes = hex(`0a0c${Buffer.from('victim-id').toString('hex')}`);
    expect((protoLoaderDecode('CreateVm', bytes) as { vmId: string }).vmId).toBe('victim-id');
    const err = refusal('CreateVm', bytes);
    expect(err.metadata['field']).toBe('flic.v1.CreateVmRequest.vm_id');
    expect(err.detail).toContain('declares 12 bytes, but only 9 remain');
  });

  it('a DeleteVm whose vm_id declares 100 bytes around an existing id is refused', () => {
    const bytes = hex(`0a64${Buffer.from('victim').toString('hex')}`);
    expect((protoLoaderDecode('DeleteVm', bytes) as { vmId: string }).vmId).toBe('victim');
    refusal('DeleteVm', bytes);
  });
});

describe('malformed bytes', () => {
  const cases: [string, string, string, RegExp][] = [
    ['field number 0', 'DeleteVm', '0001', /field number 0/],
    ['a string sent as a varint', 'DeleteVm', '0801', /vm_id: arrives with wire type varint, its type needs length-delimited/],
    ['a number sent as bytes', 'GetAllIrqs', '1201ff', /buffer_len: arrives with wire type length-delimited/],
    ['a group (wire type 3) of an unknown field', 'DeleteVm', '4b4c', /groups are not part of proto3/],
    ['wire type 6', 'DeleteVm', '4e', /wire type 6/],
    ['wire type 7', 'DeleteVm', '4f', /wire type 7/],
    ['a varint of 11 bytes', 'GetAllIrqs', '10ffffffffffffffffff8001', /longer than 10 bytes/],
    ['a varint past 64 bits', 'GetAllIrqs', '10ffffffffffffffffff02', /does not fit 64 bits/],
    ['a varint cut short', 'GetAllIrqs', '1080', /runs past the end/],
    ['a tag cut short', 'DeleteVm', '80', /runs past the end|not valid/],
    ['invalid UTF-8', 'DeleteVm', '0a02c328', /not valid UTF-8/],
    ['an overlong UTF-8 encoding', 'DeleteVm', '0a02c080', /not valid UTF-8/],
    ['a UTF-16 surrogate in UTF-8', 'DeleteVm', '0a03eda080', /not valid UTF-8/],
    ['a field twice', 'DeleteVm', '0a01610a0162', /vm_id: appears more than once/],
    ['a nested message twice', 'AdapterRegister', '0a0161 1202 0801 1202 0802', /adapter: appears more than once/],
    ['two members of a oneof', 'Enqueue', '0a0161 1206 1200 1a020801', /is a second member of oneof flic.v1.Interrupt.payload/],
    ['a child that runs past its parent', 'CreateVm', '0a0161 1204 4206 0801', /declares 6 bytes, but only 2 remain/],
    ['a length past the message', 'SetDeviceAttr', '0a0161 2a05 0102', /data: declares 5 bytes, but only 2 remain/],
    ['an unknown field whose length runs past the end', 'ListVms', '4a05 01', /declares 5 bytes/],
    // protobufjs reads 5 bytes of a 32-bit varint and then skips 5 more whatever follows (the wire fuzz
    // found a Tsch whose 7-byte schid made it throw; before the end of a message it would misread).
    ['a 32-bit varint of 7 bytes', 'Tsch', '0a0161 10 ffffffffffff00', /schid: a 32-bit varint takes 7 bytes/],
    ['a bool of 6 bytes', 'SetDeviceAttr', '0a0161 30 808080808000', /bad_addr: a 32-bit varint takes 6 bytes/],
  ];
  for (const [what, method, bytes, message] of cases) {
    it(`${what} is refused`, () => {
      expect(refusal(method, hex(bytes)).detail).toMatch(message);
    });
  }
});

describe('32-bit varints', () => {
  it('of 1 to 5 bytes, and of 10 (a negative int32), decode to their low 32 bits', () => {
    expect(decode('Tsch', hex('0a0161 10 ffffffff0f'))).toMatchObject({ vmId: 'a', schid: 0xffffffff });
    expect(decode('Tsch', hex('0a0161 10 ffffffffffffffffff01'))).toMatchObject({ vmId: 'a', schid: 0xffffffff });
    expect(decode('Tsch', hex('0a0161 10 8080808000'))).toMatchObject({ vmId: 'a', schid: 0 });
  });
});

describe('limits, at and one past each', () => {
  it(`irqs: ${ENQUEUE_MAX_RECORDS} entries (KVM_S390_FLIC_MAX_BUFFER / 72) are decoded, one more is refused`, () => {
    const entries = (n: number): Buffer => Buffer.concat([hex('0a0161'), Buffer.alloc(n * 2, Buffer.from([0x12, 0x00]))]);
    expect(decode('Enqueue', entries(ENQUEUE_MAX_RECORDS))).toMatchObject({ count: ENQUEUE_MAX_RECORDS });
    const err = refusal('Enqueue', entries(ENQUEUE_MAX_RECORDS + 1));
    expect(err.metadata).toEqual({ field: 'flic.v1.EnqueueRequest.irqs', limit: String(ENQUEUE_MAX_RECORDS) });
    expect(err.message).toBe(`REQUEST: EINVAL: flic.v1.EnqueueRequest.irqs: has more than ${ENQUEUE_MAX_RECORDS} entries, the limit`);
  });

  it(`guest_memory: ${GUEST_MEMORY_MAX_RANGES} ranges are decoded, one more is refused`, () => {
    // CreateVm {vm_id: "a", config {guest_memory × n: {start: 1, size: 1}}}
    const config = (n: number): Buffer => {
      const ranges = Buffer.alloc(n * 6, hex('42040801 1001'));
      const len = protobuf.Writer.create().uint32(ranges.length).finish();
      return Buffer.concat([hex('0a0161 12'), Buffer.from(len), ranges]);
    };
    const ok = decode('CreateVm', config(GUEST_MEMORY_MAX_RANGES)) as { config: { guestMemory: unknown[] } };
    expect(ok.config.guestMemory).toHaveLength(GUEST_MEMORY_MAX_RANGES);
    expect(refusal('CreateVm', config(GUEST_MEMORY_MAX_RANGES + 1)).metadata).toEqual({
      field: 'flic.v1.VmConfig.guest_memory',
      limit: String(GUEST_MEMORY_MAX_RANGES),
    });
  });

  it(`strings: ${REQUEST_STRING_MAX_BYTES} bytes are decoded, one more is refused`, () => {
    const vmId = (n: number): Buffer =>
      Buffer.concat([Buffer.from([0x0a]), Buffer.from(protobuf.Writer.create().uint32(n).finish()), Buffer.alloc(n, 0x61)]);
    expect(decode('Inspect', vmId(REQUEST_STRING_MAX_BYTES))).toEqual({ vmId: 'a'.repeat(REQUEST_STRING_MAX_BYTES) });
    expect(refusal('Inspect', vmId(REQUEST_STRING_MAX_BYTES + 1)).metadata).toEqual({
      field: 'flic.v1.InspectRequest.vm_id',
      limit: String(REQUEST_STRING_MAX_BYTES),
    });
  });
});

describe('typed ENQUEUE straight into kernel records', () => {
  const enqueue = routeOf('Enqueue');
  const serialize = service.Enqueue.requestSerialize as (v: object) => Buffer;
  const u32 = fc.integer({ min: 0, max: 0xffffffff });
  const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
  const irq: fc.Arbitrary<Irq> = fc.oneof(
    fc.record({ kind: fc.constant('io' as const), type: u64, subchannelId: fc.integer({ min: 0, max: U16_MAX }), subchannelNr: fc.integer({ min: 0, max: U16_MAX }), ioIntParm: u32, ioIntWord: u32 }),
    fc.record({ kind: fc.constant('ext' as const), type: u64, extParams: u32, pad: u32, extParams2: u64 }),
    fc.record({ kind: fc.constant('mchk' as const), type: u64, cr14: u64, mcic: u64, failingStorageAddress: u64, extDamageCode: u32, pad: u32, fixedLogout: fc.uint8Array({ maxLength: 16 }) }),
    fc.record({ kind: fc.constant('raw' as const), type: u64, payload: fc.uint8Array({ maxLength: 64 }) }),
  );

  it('gives the bytes the typed API encodes, for any records', () => {
    fc.assert(
      fc.property(fc.array(irq, { maxLength: 20 }), (irqs) => {
        const out = enqueue.decode(serialize({ vmId: 'v', irqs: irqsToMessages(irqs) })) as { vmId: string; records: Uint8Array; count: number };
        expect(out.vmId).toBe('v');
        expect(out.count).toBe(irqs.length);
        expect(Buffer.from(out.records).equals(Buffer.from(encodeIrqs(irqs)))).toBe(true);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('refuses a field wider than its kernel field with the typed API\'s EINVAL', () => {
    const typedError = (irqs: Irq[]): KvmError => {
      try {
        encodeIrqs(irqs);
      } catch (e) {
        return e as KvmError;
      }
      throw new Error('encodeIrqs accepted');
    };
    const wide: Irq[][] = [
      [{ kind: 'io', type: 0n, subchannelId: U16_MAX + 1, subchannelNr: 0, ioIntParm: 0, ioIntWord: 0 }],
      [{ kind: 'io', type: 0n, subchannelId: 0, subchannelNr: 70_000, ioIntParm: 0, ioIntWord: 0 }],
      [{ kind: 'mchk', type: 0n, cr14: 0n, mcic: 0n, failingStorageAddress: 0n, extDamageCode: 0, pad: 0, fixedLogout: new Uint8Array(17) }],
      [{ kind: 'raw', type: 0n, payload: new Uint8Array(65) }],
    ];
    for (const irqs of wide) {
      const bytes = serialize({ vmId: 'v', irqs: irqsToMessages(irqs) });
      const out = decode('Enqueue', bytes);
      expect(out).toBeInstanceOf(KvmError);
      expect((out as KvmError).message).toBe(typedError(irqs).message);
    }
  });
});

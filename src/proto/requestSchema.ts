// What the request decoder needs to know of each message, derived from the message descriptors of
// flic.proto (protobufjs reflection): per field its number, declared wire type, kind, whether it
// repeats and with which limit (requestLimits.ts), its oneof, and its nested message. A request
// shape the decoder cannot check (a list without a limit, a map, a recursive or packed field)
// stops the server at start instead of passing unchecked.

import path from 'node:path';
import protobuf from 'protobufjs';
import { FLIC_PROTO_FILE, PROTO_DIR } from './loader.js';
import { REQUEST_LIST_LIMITS } from './requestLimits.js';
import { WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './wireReader.js';

export type FieldKind = 'scalar' | 'string' | 'bytes' | 'message';

export interface FieldPlan {
  readonly number: number;
  /** The full proto name, for messages and limits: flic.v1.EnqueueRequest.irqs. */
  readonly name: string;
  readonly kind: FieldKind;
  /** The wire type its declared type uses. */
  readonly wireType: number;
  /** Bytes of a fixed-size scalar (8 or 4); 0 for everything else. */
  readonly fixedSize: number;
  /**
   * A varint that protobufjs reads as 32 bits (int32, uint32, sint32, bool, enums). Its reader
   * takes 5 bytes and then assumes a 10-byte varint, so a 6- to 9-byte one would be misread.
   */
  readonly varint32: boolean;
  readonly repeated: boolean;
  /** Repeated: entries allowed in the whole request, and the slot that counts them. */
  readonly limit: number;
  readonly counter: number;
  /** Singular: its bit in the message's seen-mask; 0 for repeated fields. */
  readonly bit: number;
  /** Its oneof's bit (0 when it belongs to none) and the oneof's full name. */
  readonly oneofBit: number;
  readonly oneofName: string;
  readonly child: MessagePlan | null;
}

export interface MessagePlan {
  readonly name: string;
  /** Indexed by field number. */
  readonly fields: readonly (FieldPlan | undefined)[];
}

export interface RequestPlan {
  readonly message: MessagePlan;
  /** Counter slots of the repeated fields reachable from this request. */
  readonly counters: number;
}

const FIXED64 = new Set(['fixed64', 'sfixed64', 'double']);
const FIXED32 = new Set(['fixed32', 'sfixed32', 'float']);
const VARINT = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'bool']);
const VARINT32 = new Set(['int32', 'uint32', 'sint32', 'bool']);
/** Field numbers above this would make the by-number table large; flic's are all small. */
const MAX_PLANNED_FIELD_NUMBER = 1024;
/** Singular fields get one bit each in a 32-bit mask. */
const MAX_SINGULAR_FIELDS = 31;

let root: protobuf.Root | undefined;

/** flic.proto as protobufjs reflection, with the names of the .proto file (vm_id, not vmId). */
export function flicDescriptors(): protobuf.Root {
  if (root === undefined) {
    root = new protobuf.Root().loadSync(path.join(PROTO_DIR, FLIC_PROTO_FILE), { keepCase: true });
    root.resolveAll();
  }
  return root;
}

function scalarShape(type: string, where: string): Pick<FieldPlan, 'wireType' | 'fixedSize'> {
  if (VARINT.has(type)) return { wireType: WIRE_VARINT, fixedSize: 0 };
  if (FIXED64.has(type)) return { wireType: WIRE_FIXED64, fixedSize: 8 };
  if (FIXED32.has(type)) return { wireType: WIRE_FIXED32, fixedSize: 4 };
  throw new Error(`request schema: ${where} has type ${type}, which the decoder does not know`);
}

class PlanBuilder {
  counters = 0;
  private readonly building = new Set<string>();

  message(type: protobuf.Type): MessagePlan {
    const name = type.fullName.replace(/^\./, '');
    if (this.building.has(name)) {
      throw new Error(`request schema: ${name} contains itself; a recursive request needs a depth limit first`);
    }
    this.building.add(name);
    const fields: (FieldPlan | undefined)[] = [];
    const oneofs = type.oneofsArray;
    if (oneofs.length > 31) throw new Error(`request schema: ${name} has more than 31 oneofs`);
    let singular = 0;
    for (const f of type.fieldsArray) {
      const fieldName = `${name}.${f.name}`;
      if (f.map) throw new Error(`request schema: ${fieldName} is a map, which the decoder does not plan`);
      if (f.id > MAX_PLANNED_FIELD_NUMBER) throw new Error(`request schema: ${fieldName} has number ${f.id}`);
      const resolved = f.resolvedType;
      let shape: Pick<FieldPlan, 'kind' | 'wireType' | 'fixedSize' | 'child'>;
      if (resolved instanceof protobuf.Type) {
        shape = { kind: 'message', wireType: WIRE_LEN, fixedSize: 0, child: this.message(resolved) };
      } else if (resolved instanceof protobuf.Enum) {
        shape = { kind: 'scalar', wireType: WIRE_VARINT, fixedSize: 0, child: null };
      } else if (f.type === 'string' || f.type === 'bytes') {
        shape = { kind: f.type, wireType: WIRE_LEN, fixedSize: 0, child: null };
      } else {
        shape = { kind: 'scalar', ...scalarShape(f.type, fieldName), child: null };
      }
      let limit = 1;
      let counter = -1;
      let bit = 0;
      if (f.repeated) {
        // proto3 packs repeated numbers; no request has one, so the decoder does not read packed runs.
        if (shape.kind === 'scalar') throw new Error(`request schema: ${fieldName} is a repeated number; teach the decoder packed runs first`);
        const row = REQUEST_LIST_LIMITS[fieldName];
        if (row === undefined) {
          throw new Error(`request schema: ${fieldName} is a list without a limit; add it to REQUEST_LIST_LIMITS`);
        }
        limit = row.limit;
        counter = this.counters++;
      } else {
        if (singular === MAX_SINGULAR_FIELDS) throw new Error(`request schema: ${name} has too many fields`);
        bit = 2 ** singular++;
      }
      const oneof = f.partOf;
      const oneofIndex = oneof === null ? -1 : oneofs.indexOf(oneof);
      fields[f.id] = {
        number: f.id,
        name: fieldName,
        ...shape,
        varint32: shape.kind === 'scalar' && (resolved instanceof protobuf.Enum || VARINT32.has(f.type)),
        repeated: f.repeated,
        limit,
        counter,
        bit,
        oneofBit: oneofIndex < 0 ? 0 : 2 ** oneofIndex,
        oneofName: oneof === null ? '' : `${name}.${oneof.name}`,
      };
    }
    this.building.delete(name);
    return { name, fields };
  }
}

/** The plan of one request message type (a full name such as flic.v1.EnqueueRequest). */
export function requestPlan(requestType: string): RequestPlan {
  const builder = new PlanBuilder();
  const message = builder.message(flicDescriptors().lookupType(requestType));
  return { message, counters: builder.counters };
}

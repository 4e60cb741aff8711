// The state directory's messages (proto/flic/state/v1/state.proto, "The state directory"): a
// group commit's JournalBatch of VmChange entries, and a snapshot's header and VM records. Written
// with the device's canonical protobuf writer and read with its strict reader, as the FLIC format
// is; a test decodes them with protobufjs from the .proto.
import { FLIC_STATE_HEADER_SIZE, KVM_DEV_FLIC_ENQUEUE, KVM_S390_IRQ_SIZE, encodeIrq, type FlicCounters, type VmChange } from '../../device/index.js';
import { ProtoReader, ProtoWriter } from '../../device/state/protoWire.js';
import { configMessage, countersMessage, readConfig, readCounters } from '../../device/state/vmStateCodec.js';
import type { AttrCall, CpuState } from '../../device/types.js';

export interface JournalEntry {
  readonly vmId: string;
  readonly change: VmChange;
}

/** Field numbers of JournalEntry's `change` oneof (a typed ENQUEUE is written as set_attr). */
const FIELD = {
  createVm: 2,
  deleteVm: 3,
  importVm: 4,
  createDevice: 5,
  setAttr: 6,
  enqueue: 6,
  getAttr: 7,
  deliver: 8,
  tpi: 9,
  tsch: 10,
  reinjectIo: 11,
  pvSclpIntercept: 12,
  beginWait: 13,
} as const satisfies { readonly [K in VmChange['op']]: number };

type ReadOp = Exclude<VmChange['op'], 'enqueue'>;
const OP_OF_FIELD: ReadonlyMap<number, ReadOp> = new Map(
  Object.entries(FIELD)
    .filter(([op]) => op !== 'enqueue')
    .map(([op, field]) => [field, op as ReadOp]),
);

/** One entry and its change, rebuilt for each entry: the journal encodes without garbage. */
const entryScratch = new ProtoWriter();
const changeScratch = new ProtoWriter();

/** Appends one JournalBatch `entries` field to `batch`, encoding (and copying) the change now. */
export function appendEntry(batch: ProtoWriter, vmId: string, change: VmChange): void {
  const w = entryScratch;
  w.reset();
  w.string(1, vmId);
  writeChange(w, change);
  batch.message(1, w, true);
}

export function encodeBatch(entries: readonly JournalEntry[]): ProtoWriter {
  const w = new ProtoWriter();
  for (const e of entries) appendEntry(w, e.vmId, e.change);
  return w;
}

function writeChange(w: ProtoWriter, c: VmChange): void {
  if (c.op === 'createVm') {
    w.message(FIELD.createVm, configMessage(c.config));
    return;
  }
  if (c.op === 'importVm') {
    w.bytes(FIELD.importVm, c.state, true);
    return;
  }
  const m = changeScratch;
  m.reset();
  switch (c.op) {
    case 'createDevice':
      m.uint(1, c.type);
      m.uint(2, c.flags);
      break;
    case 'setAttr':
    case 'getAttr':
      attrMessage(m, c.call);
      break;
    case 'enqueue': {
      // The kernel bytes of the records, as the raw SET a replay makes.
      const bytes = c.irqs.length * KVM_S390_IRQ_SIZE;
      m.uint(2, KVM_DEV_FLIC_ENQUEUE);
      m.u64(3, BigInt(bytes));
      m.bytesFilled(4, bytes, (b, o) => {
        b.fill(0, o, o + bytes);
        for (let i = 0; i < c.irqs.length; i++) encodeIrq(c.irqs[i]!, b, o + i * KVM_S390_IRQ_SIZE, i);
      });
      break;
    }
    case 'deliver':
      cpuMessage(m, c.cpu);
      break;
    case 'tpi':
      m.uint(1, c.iscMask);
      break;
    case 'tsch':
      m.uint(1, c.schid);
      break;
    case 'reinjectIo':
      m.u64(1, c.irq.type);
      m.uint(2, c.irq.subchannelId);
      m.uint(3, c.irq.subchannelNr);
      m.uint(4, c.irq.ioIntParm);
      m.uint(5, c.irq.ioIntWord);
      break;
    case 'beginWait':
      m.uint(1, c.cpuId);
      break;
    case 'deleteVm':
    case 'pvSclpIntercept':
      break;
  }
  w.message(FIELD[c.op], m);
}

function attrMessage(m: ProtoWriter, c: AttrCall): void {
  m.uint(1, c.flags);
  m.uint(2, c.group);
  m.u64(3, c.attr);
  m.bytes(4, c.data);
  m.bool(5, c.badAddr);
}

function cpuMessage(m: ProtoWriter, c: CpuState): void {
  m.u64(1, c.pswMask);
  m.u64(2, c.cr0);
  m.u64(3, c.cr6);
  m.u64(4, c.cr14);
  m.uint(5, c.cpuId);
  m.u64(6, c.localPending ?? 0n);
  m.u64(7, c.localMchkCr14 ?? 0n);
  m.uint(8, c.iictl ?? 0);
}

// ---- reading ------------------------------------------------------------------------------------

/** The entries of one JournalBatch record; a malformed one throws (the caller names the file). */
export function decodeBatch(payload: Uint8Array): JournalEntry[] {
  const r = new ProtoReader(payload, 'JournalBatch');
  const out: JournalEntry[] = [];
  for (let k = r.next(); k !== null; k = r.next()) {
    if (k.field !== 1) r.unknown(k);
    out.push(readEntry(r.message(k, 'entries')));
  }
  return out;
}

function readEntry(r: ProtoReader): JournalEntry {
  let vmId = '';
  let change: VmChange | undefined;
  for (let k = r.next(); k !== null; k = r.next()) {
    r.once(k);
    if (k.field === 1) {
      vmId = r.string(k, 'vm_id');
      continue;
    }
    const op = OP_OF_FIELD.get(k.field);
    if (op === undefined) r.unknown(k);
    if (change !== undefined) throw r.fail('two changes in one entry');
    if (op === 'importVm') {
      change = { op, state: r.bytes(k, 'import_vm').slice() };
      continue;
    }
    change = readChange(op, r.message(k, op));
  }
  if (change === undefined) throw r.fail('an entry without a change');
  return { vmId, change };
}

function readChange(op: ReadOp, r: ProtoReader): VmChange {
  switch (op) {
    case 'createVm':
      return { op, config: readConfig(r) };
    case 'createDevice': {
      const f = fields(r, { 1: 'u32', 2: 'u32' });
      return { op, type: f.num(1), flags: f.num(2) };
    }
    case 'setAttr':
    case 'getAttr':
      return { op, call: readAttr(r) };
    case 'deliver': {
      const f = fields(r, { 1: 'u64', 2: 'u64', 3: 'u64', 4: 'u64', 5: 'u32', 6: 'u64', 7: 'u64', 8: 'u32' });
      const cpu: CpuState = {
        pswMask: f.big(1),
        cr0: f.big(2),
        cr6: f.big(3),
        cr14: f.big(4),
        cpuId: f.num(5),
        localPending: f.big(6),
        localMchkCr14: f.big(7),
        iictl: f.num(8),
      };
      return { op, cpu };
    }
    case 'tpi':
      return { op, iscMask: fields(r, { 1: 'u32' }).num(1) };
    case 'tsch':
      return { op, schid: fields(r, { 1: 'u32' }).num(1) };
    case 'reinjectIo': {
      const f = fields(r, { 1: 'u64', 2: 'u32', 3: 'u32', 4: 'u32', 5: 'u32' });
      return { op, irq: { kind: 'io', type: f.big(1), subchannelId: f.num(2), subchannelNr: f.num(3), ioIntParm: f.num(4), ioIntWord: f.num(5) } };
    }
    case 'beginWait':
      return { op, cpuId: fields(r, { 1: 'u32' }).num(1) };
    case 'deleteVm':
    case 'pvSclpIntercept':
      fields(r, {});
      return { op };
    case 'importVm':
      throw r.fail('import_vm is a bytes field');
  }
}

function readAttr(r: ProtoReader): AttrCall {
  let data: Uint8Array = new Uint8Array(0);
  const f = fields(r, { 1: 'u32', 2: 'u32', 3: 'u64', 5: 'bool' }, (k) => {
    if (k.field !== 4) return false;
    data = r.bytes(k, 'data').slice();
    return true;
  });
  return { flags: f.num(1), group: f.num(2), attr: f.big(3), data, badAddr: f.num(5) === 1 };
}

type FieldKind = 'u32' | 'u64' | 'bool';

/** Reads a message of scalar fields by number; `other` may take fields of another kind. */
function fields(
  r: ProtoReader,
  kinds: Readonly<Record<number, FieldKind>>,
  other?: (k: { field: number; wire: number }) => boolean,
): { num(field: number): number; big(field: number): bigint } {
  const values = new Map<number, number | bigint>();
  for (let k = r.next(); k !== null; k = r.next()) {
    r.once(k);
    const kind = kinds[k.field];
    if (kind === 'u32') values.set(k.field, r.uint(k, `field ${k.field}`));
    else if (kind === 'bool') values.set(k.field, r.bool(k, `field ${k.field}`) ? 1 : 0);
    else if (kind === 'u64') values.set(k.field, r.u64(k, `field ${k.field}`));
    else if (other === undefined || !other(k)) r.unknown(k);
  }
  return {
    num: (field) => Number(values.get(field) ?? 0),
    big: (field) => BigInt(values.get(field) ?? 0n),
  };
}

// ---- snapshot records ----------------------------------------------------------------------------

export interface SnapshotHeader {
  readonly firstSegment: number;
  readonly vmCount: number;
  readonly retired: Readonly<FlicCounters>;
}

export function encodeSnapshotHeader(h: SnapshotHeader): ProtoWriter {
  const w = new ProtoWriter();
  w.u64(1, BigInt(h.firstSegment));
  w.u64(2, BigInt(h.vmCount));
  w.message(3, countersMessage(h.retired));
  return w;
}

export function decodeSnapshotHeader(payload: Uint8Array): SnapshotHeader {
  const r = new ProtoReader(payload, 'SnapshotHeader');
  let firstSegment = 0;
  let vmCount = 0;
  let retired: FlicCounters | undefined;
  for (let k = r.next(); k !== null; k = r.next()) {
    r.once(k);
    if (k.field === 1) firstSegment = r.counter(k, 'first_segment');
    else if (k.field === 2) vmCount = r.counter(k, 'vm_count');
    else if (k.field === 3) retired = readCounters(r.message(k, 'retired'));
    else r.unknown(k);
  }
  if (retired === undefined) throw r.fail('retired is missing');
  return { firstSegment, vmCount, retired };
}

export function encodeSnapshotVm(vmId: string, state: Uint8Array): ProtoWriter {
  const w = new ProtoWriter();
  w.string(1, vmId);
  w.bytes(2, state);
  return w;
}

export function decodeSnapshotVm(payload: Uint8Array): { vmId: string; state: Uint8Array } {
  const r = new ProtoReader(payload, 'SnapshotVm');
  let vmId = '';
  let state: Uint8Array = new Uint8Array(0);
  for (let k = r.next(); k !== null; k = r.next()) {
    r.once(k);
    if (k.field === 1) vmId = r.string(k, 'vm_id');
    else if (k.field === 2) state = r.bytes(k, 'state');
    else r.unknown(k);
  }
  if (state.length < FLIC_STATE_HEADER_SIZE) throw r.fail('state is not a FLIC-format blob');
  return { vmId, state };
}

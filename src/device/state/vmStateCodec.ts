// The VmState message of proto/flic/state/v1/state.proto: a VmImage to protobuf bytes and back.
// The writer is canonical (field-number order, proto3 defaults left out, the nested messages of a
// FLIC always written), so one state has one encoding; the reader takes any valid encoding and
// checks only the wire (field numbers, wire types, widths). Whether a kernel could hold the state
// is imageCheck.ts's question.
import { IRQ_PEND_COUNT, KVM_MAX_VCPUS, U8_MAX } from '../abi/index.js';
import { newCounters, type ScalarCounter } from '../counters.js';
import type { AdapterMapMode, AdapterState, FlicCounters, GuestMemoryRange, KernelProfile, VmConfig } from '../types.js';
import { ProtoReader, ProtoWriter } from './protoWire.js';
import type { CurrentImage, EngineImage, OriginalImage, VmImage } from './vmImage.js';

const PROFILES: readonly KernelProfile[] = ['current', 'original'];
const MAP_MODES: readonly AdapterMapMode[] = ['noop', 'legacy', 'tracked'];

/** The field number of each scalar counter (a counter without one fails to compile). */
const COUNTER_FIELDS: { readonly [K in ScalarCounter]: number } = {
  injectedIo: 1,
  injectedAdapter: 2,
  injectedVirtio: 3,
  injectedPfault: 4,
  injectedService: 5,
  injectedMchk: 6,
  suppressed: 7,
  cleared: 8,
  coalesced: 9,
  tpiHits: 12,
  tpiMisses: 13,
  tschHits: 14,
  tschMisses: 15,
  reinjected: 16,
};
const DELIVERED = 10;
const DELIVERED_LOCAL = 11;
/** Scalar counters by field number, in field order. */
const SCALAR_COUNTERS = (Object.entries(COUNTER_FIELDS) as [ScalarCounter, number][])
  .map(([name, field]) => [field, name] as const)
  .sort((a, b) => a[0] - b[0]);
const LAST_COUNTER_FIELD = Math.max(DELIVERED_LOCAL, ...Object.values(COUNTER_FIELDS));

// ---- writing ----------------------------------------------------------------------------------

export function encodeVmState(image: VmImage): ProtoWriter {
  const w = new ProtoWriter();
  w.message(1, configMessage(image.config));
  const flic = image.flic;
  if (flic?.profile === 'current') w.message(2, currentMessage(flic));
  else if (flic?.profile === 'original') w.message(3, originalMessage(flic));
  return w;
}

/** The VmConfig message (also what the state directory's journal records a CreateVm with). */
export function configMessage(c: VmConfig): ProtoWriter {
  const w = new ProtoWriter();
  w.bool(1, c.ais);
  w.bool(2, c.gisa);
  w.bool(3, c.ucontrol);
  w.bool(4, c.protected);
  w.uint(5, c.maxVcpus);
  w.uint(6, MAP_MODES.indexOf(c.adapterMapMode));
  w.uint(7, PROFILES.indexOf(c.profile));
  for (const r of c.guestMemory ?? []) {
    const range = new ProtoWriter();
    range.u64(1, r.start);
    range.u64(2, r.size);
    w.message(8, range);
  }
  w.bool(9, c.guestMemory !== null);
  return w;
}

function currentMessage(f: CurrentImage): ProtoWriter {
  const w = new ProtoWriter();
  w.bytes(1, f.io);
  w.uint(2, f.gisaIpm);
  w.bytes(3, f.pfaultDone);
  w.bytes(4, f.virtio);
  const service = new ProtoWriter();
  service.uint(1, f.service.word);
  service.bool(2, f.service.sccbPending);
  service.bool(3, f.service.eventPending);
  w.message(5, service);
  const mchk = new ProtoWriter();
  mchk.bool(1, f.machineCheck.pending);
  mchk.u64(2, f.machineCheck.cr14);
  mchk.u64(3, f.machineCheck.mcic);
  w.message(6, mchk);
  w.uint(7, f.ais.simm);
  w.uint(8, f.ais.nimm);
  for (const a of f.adapters) w.message(9, adapterMessage(a));
  w.bool(10, f.apfEnabled);
  w.uint(11, f.maskedIrqs);
  w.uint(12, f.waitScanStart);
  w.message(13, countersMessage(f.counters));
  return w;
}

function adapterMessage(a: AdapterState): ProtoWriter {
  const w = new ProtoWriter();
  w.uint(1, a.id);
  w.uint(2, a.isc);
  w.bool(3, a.maskable);
  w.bool(4, a.swap);
  w.uint(5, a.flags);
  w.bool(6, a.masked);
  w.packed64(7, a.mappings);
  w.uint(8, a.mapCounter);
  return w;
}

function originalMessage(f: OriginalImage): ProtoWriter {
  const w = new ProtoWriter();
  w.bytes(1, f.list);
  w.message(2, countersMessage(f.counters));
  return w;
}

export function countersMessage(c: Readonly<FlicCounters>): ProtoWriter {
  const w = new ProtoWriter();
  const perBit: Record<number, readonly number[]> = { [DELIVERED]: c.delivered, [DELIVERED_LOCAL]: c.deliveredLocal };
  for (let field = 1; field <= LAST_COUNTER_FIELD; field++) {
    const scalar = SCALAR_COUNTERS.find(([f]) => f === field);
    if (scalar !== undefined) w.u64(field, BigInt(c[scalar[1]]));
    else w.packed64(field, (perBit[field] ?? []).map(BigInt));
  }
  return w;
}

// ---- reading ----------------------------------------------------------------------------------

export function decodeVmState(payload: Uint8Array): VmImage {
  const r = new ProtoReader(payload, 'VmState');
  let config: VmConfig | undefined;
  let flic: EngineImage | null = null;
  for (let k = r.next(); k !== null; k = r.next()) {
    r.once(k);
    if (k.field === 1) config = readConfig(r.message(k, 'config'));
    else if (k.field === 2 || k.field === 3) {
      if (flic !== null) throw r.fail('both current and original are set');
      flic = k.field === 2 ? readCurrent(r.message(k, 'current')) : readOriginal(r.message(k, 'original'));
    } else r.unknown(k);
  }
  if (config === undefined) throw r.fail('config is missing');
  return { config, flic };
}

export function readConfig(r: ProtoReader): VmConfig {
  const c = { ais: false, gisa: false, ucontrol: false, protected: false, maxVcpus: 0, adapterMapMode: 'noop' as AdapterMapMode, profile: 'current' as KernelProfile };
  const ranges: GuestMemoryRange[] = [];
  let limited = false;
  for (let k = r.next(); k !== null; k = r.next()) {
    r.once(k, k.field === 8);
    switch (k.field) {
      case 1: c.ais = r.bool(k, 'ais'); break;
      case 2: c.gisa = r.bool(k, 'gisa'); break;
      case 3: c.ucontrol = r.bool(k, 'ucontrol'); break;
      case 4: c.protected = r.bool(k, 'protected'); break;
      case 5: c.maxVcpus = r.uint(k, 'max_vcpus', KVM_MAX_VCPUS); break;
      case 6: c.adapterMapMode = MAP_MODES[r.uint(k, 'adapter_map_mode', MAP_MODES.length - 1)]!; break;
      case 7: c.profile = PROFILES[r.uint(k, 'profile', PROFILES.length - 1)]!; break;
      case 8: ranges.push(readRange(r.message(k, 'guest_memory'))); break;
      case 9: limited = r.bool(k, 'guest_memory_limited'); break;
      default: r.unknown(k);
    }
  }
  if (!limited && ranges.length > 0) throw r.fail('guest_memory is given but guest_memory_limited is not set');
  return { ...c, guestMemory: limited ? ranges : null };
}

function readRange(r: ProtoReader): GuestMemoryRange {
  let start = 0n;
  let size = 0n;
  for (let k = r.next(); k !== null; k = r.next()) {
    r.once(k);
    if (k.field === 1) start = r.u64(k, 'start');
    else if (k.field === 2) size = r.u64(k, 'size');
    else r.unknown(k);
  }
  return { start, size };
}

const EMPTY = new Uint8Array(0);

function readCurrent(r: ProtoReader): CurrentImage {
  let io = EMPTY;
  let pfaultDone = EMPTY;
  let virtio = EMPTY;
  let gisaIpm = 0;
  let service = { word: 0, sccbPending: false, eventPending: false };
  let machineCheck = { pending: false, cr14: 0n, mcic: 0n };
  let simm = 0;
  let nimm = 0;
  const adapters: AdapterState[] = [];
  let apfEnabled = false;
  let maskedIrqs = 0;
  let waitScanStart = 0;
  let counters: FlicCounters = newCounters();
  for (let k = r.next(); k !== null; k = r.next()) {
    r.once(k, k.field === 9);
    switch (k.field) {
      case 1: io = r.bytes(k, 'io').slice(); break;
      case 2: gisaIpm = r.uint(k, 'gisa_ipm', U8_MAX); break;
      case 3: pfaultDone = r.bytes(k, 'pfault_done').slice(); break;
      case 4: virtio = r.bytes(k, 'virtio').slice(); break;
      case 5: service = readService(r.message(k, 'service')); break;
      case 6: machineCheck = readMachineCheck(r.message(k, 'machine_check')); break;
      case 7: simm = r.uint(k, 'simm', U8_MAX); break;
      case 8: nimm = r.uint(k, 'nimm', U8_MAX); break;
      case 9: adapters.push(readAdapter(r.message(k, 'adapters'))); break;
      case 10: apfEnabled = r.bool(k, 'apf_enabled'); break;
      case 11: maskedIrqs = r.uint(k, 'masked_irqs'); break;
      case 12: waitScanStart = r.uint(k, 'wait_scan_start'); break;
      case 13: counters = readCounters(r.message(k, 'counters')); break;
      default: r.unknown(k);
    }
  }
  return {
    profile: 'current',
    io,
    gisaIpm,
    pfaultDone,
    virtio,
    service,
    machineCheck,
    ais: { simm, nimm },
    adapters,
    apfEnabled,
    maskedIrqs,
    waitScanStart,
    counters,
  };
}

function readService(r: ProtoReader): CurrentImage['service'] {
  const s = { word: 0, sccbPending: false, eventPending: false };
  for (let k = r.next(); k !== null; k = r.next()) {
    r.once(k);
    if (k.field === 1) s.word = r.uint(k, 'word');
    else if (k.field === 2) s.sccbPending = r.bool(k, 'sccb_pending');
    else if (k.field === 3) s.eventPending = r.bool(k, 'event_pending');
    else r.unknown(k);
  }
  return s;
}

function readMachineCheck(r: ProtoReader): CurrentImage['machineCheck'] {
  const m = { pending: false, cr14: 0n, mcic: 0n };
  for (let k = r.next(); k !== null; k = r.next()) {
    r.once(k);
    if (k.field === 1) m.pending = r.bool(k, 'pending');
    else if (k.field === 2) m.cr14 = r.u64(k, 'cr14');
    else if (k.field === 3) m.mcic = r.u64(k, 'mcic');
    else r.unknown(k);
  }
  return m;
}

function readAdapter(r: ProtoReader): AdapterState {
  const a = { id: 0, isc: 0, maskable: false, swap: false, flags: 0, masked: false, mapCounter: 0 };
  const mappings: bigint[] = [];
  for (let k = r.next(); k !== null; k = r.next()) {
    r.once(k, k.field === 7);
    switch (k.field) {
      case 1: a.id = r.uint(k, 'id'); break;
      case 2: a.isc = r.uint(k, 'isc', U8_MAX); break;
      case 3: a.maskable = r.bool(k, 'maskable'); break;
      case 4: a.swap = r.bool(k, 'swap'); break;
      case 5: a.flags = r.uint(k, 'flags', U8_MAX); break;
      case 6: a.masked = r.bool(k, 'masked'); break;
      case 7: r.repeated64(k, 'mappings', mappings); break;
      case 8: a.mapCounter = r.uint(k, 'map_counter'); break;
      default: r.unknown(k);
    }
  }
  return { ...a, suppressible: (a.flags & 1) !== 0, mappings };
}

function readOriginal(r: ProtoReader): OriginalImage {
  let list = EMPTY;
  let counters: FlicCounters = newCounters();
  for (let k = r.next(); k !== null; k = r.next()) {
    r.once(k);
    if (k.field === 1) list = r.bytes(k, 'list').slice();
    else if (k.field === 2) counters = readCounters(r.message(k, 'counters'));
    else r.unknown(k);
  }
  return { profile: 'original', list, counters };
}

export function readCounters(r: ProtoReader): FlicCounters {
  const c = newCounters();
  const delivered: number[] = [];
  const deliveredLocal: number[] = [];
  for (let k = r.next(); k !== null; k = r.next()) {
    const scalar = SCALAR_COUNTERS.find(([f]) => f === k.field);
    r.once(k, scalar === undefined);
    if (scalar !== undefined) c[scalar[1]] = r.counter(k, scalar[1]);
    else if (k.field === DELIVERED) r.repeatedCounters(k, 'delivered', delivered);
    else if (k.field === DELIVERED_LOCAL) r.repeatedCounters(k, 'delivered_local', deliveredLocal);
    else r.unknown(k);
  }
  for (const [name, bits] of [['delivered', delivered], ['delivered_local', deliveredLocal]] as const) {
    if (bits.length !== 0 && bits.length !== IRQ_PEND_COUNT) throw r.fail(`${name} has ${bits.length} entries, expected 0 or ${IRQ_PEND_COUNT}`);
  }
  if (delivered.length > 0) c.delivered = delivered;
  if (deliveredLocal.length > 0) c.deliveredLocal = deliveredLocal;
  return c;
}

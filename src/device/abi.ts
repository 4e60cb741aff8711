// The single home of the kernel's FLIC ABI: constants, group numbers, type codes and the
// big-endian codecs of every structure that crosses the device-attribute interface
// (flic-semantics.md §1.4, §2.1, §4.1, §9). Pure data and pure functions: the client imports it.

import { KvmError } from './errno.js';
import type { AdapterConfig, AdapterRequest, AisMasks, Irq } from './types.js';

// ---- Device creation (kvm_create_device) -------------------------------------------------------

export const KVM_DEV_TYPE_FLIC = 6;
/** KVM_CREATE_DEVICE flag: only test whether the type exists. */
export const KVM_CREATE_DEVICE_TEST = 1;

// ---- Limits (§1.4) -----------------------------------------------------------------------------

export const KVM_S390_IRQ_SIZE = 72;
export const KVM_S390_FLIC_MAX_BUFFER = 0x2000000;
/** Shared limit of all eight I/O queues. */
export const KVM_S390_MAX_FLOAT_IRQS = 266250;
export const KVM_S390_MAX_VIRTIO_IRQS = 87381;
/** PFAULT_DONE limit is ASYNC_PF_PER_VCPU × KVM_MAX_VCPUS. */
export const ASYNC_PF_PER_VCPU = 64;
/** KVM_MAX_VCPUS of current kernels (248 in the ESCA era, 64 before). */
export const KVM_MAX_VCPUS = 255;
export const MAX_ISC = 7;
export const ISC_COUNT = MAX_ISC + 1;
export const MAX_S390_IO_ADAPTERS = (MAX_ISC + 1) * 8;
export const MAX_S390_ADAPTER_MAPS = 256;
/** The 2013 device's single list limit (§11.3); its overflow errno is EINVAL. */
export const ORIGINAL_MAX_FLOAT_IRQS = KVM_S390_MAX_FLOAT_IRQS;

// ---- Attribute groups (§2.1) -------------------------------------------------------------------

export const KVM_DEV_FLIC_GET_ALL_IRQS = 1;
export const KVM_DEV_FLIC_ENQUEUE = 2;
export const KVM_DEV_FLIC_CLEAR_IRQS = 3;
export const KVM_DEV_FLIC_APF_ENABLE = 4;
export const KVM_DEV_FLIC_APF_DISABLE_WAIT = 5;
export const KVM_DEV_FLIC_ADAPTER_REGISTER = 6;
export const KVM_DEV_FLIC_ADAPTER_MODIFY = 7;
export const KVM_DEV_FLIC_CLEAR_IO_IRQ = 8;
export const KVM_DEV_FLIC_AISM = 9;
export const KVM_DEV_FLIC_AIRQ_INJECT = 10;
export const KVM_DEV_FLIC_AISM_ALL = 11;

export const FLIC_GROUP_NAMES: Readonly<Record<number, string>> = {
  [KVM_DEV_FLIC_GET_ALL_IRQS]: 'KVM_DEV_FLIC_GET_ALL_IRQS',
  [KVM_DEV_FLIC_ENQUEUE]: 'KVM_DEV_FLIC_ENQUEUE',
  [KVM_DEV_FLIC_CLEAR_IRQS]: 'KVM_DEV_FLIC_CLEAR_IRQS',
  [KVM_DEV_FLIC_APF_ENABLE]: 'KVM_DEV_FLIC_APF_ENABLE',
  [KVM_DEV_FLIC_APF_DISABLE_WAIT]: 'KVM_DEV_FLIC_APF_DISABLE_WAIT',
  [KVM_DEV_FLIC_ADAPTER_REGISTER]: 'KVM_DEV_FLIC_ADAPTER_REGISTER',
  [KVM_DEV_FLIC_ADAPTER_MODIFY]: 'KVM_DEV_FLIC_ADAPTER_MODIFY',
  [KVM_DEV_FLIC_CLEAR_IO_IRQ]: 'KVM_DEV_FLIC_CLEAR_IO_IRQ',
  [KVM_DEV_FLIC_AISM]: 'KVM_DEV_FLIC_AISM',
  [KVM_DEV_FLIC_AIRQ_INJECT]: 'KVM_DEV_FLIC_AIRQ_INJECT',
  [KVM_DEV_FLIC_AISM_ALL]: 'KVM_DEV_FLIC_AISM_ALL',
};

export const FLIC_GROUP_MIN = KVM_DEV_FLIC_GET_ALL_IRQS;
export const FLIC_GROUP_MAX = KVM_DEV_FLIC_AISM_ALL;

/** The name used in error texts for a group number, known or not. */
export function groupName(group: number): string {
  return FLIC_GROUP_NAMES[group] ?? `KVM_DEV_FLIC_GROUP_${group}`;
}

/** Names for errors that do not come from an attribute group. */
export const OP_CREATE_DEVICE = 'KVM_CREATE_DEVICE';
export const OP_HAS_DEVICE_ATTR = 'KVM_HAS_DEVICE_ATTR';
export const OP_VM = 'VM';

// ---- Adapters and AIS (§1.4, §3.6-3.11) ----------------------------------------------------------

export const KVM_S390_ADAPTER_SUPPRESSIBLE = 0x01;
export const KVM_S390_IO_ADAPTER_MASK = 1;
export const KVM_S390_IO_ADAPTER_MAP = 2;
export const KVM_S390_IO_ADAPTER_UNMAP = 3;
export const KVM_S390_AIS_MODE_ALL = 0;
export const KVM_S390_AIS_MODE_SINGLE = 1;

export const KVM_S390_IO_ADAPTER_SIZE = 8;
export const KVM_S390_IO_ADAPTER_REQ_SIZE = 16;
export const KVM_S390_AIS_REQ_SIZE = 4;
export const KVM_S390_AIS_ALL_SIZE = 2;
export const SCHID_SIZE = 4;

/** Set bits of an ISC mask (IPM, simm, nimm). */
export function countBits(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

/** MSB0 bit of an ISC in an 8-bit mask (IPM, simm, nimm). Zero past ISC 7 (§6.4). */
export function iscMask(isc: number): number {
  return isc >= 0 && isc <= MAX_ISC ? 0x80 >> isc : 0;
}

// ---- Interrupt type codes (§4.1) -------------------------------------------------------------

export const KVM_S390_SIGP_STOP = 0xfffe0000;
export const KVM_S390_PROGRAM_INT = 0xfffe0001;
export const KVM_S390_SIGP_SET_PREFIX = 0xfffe0002;
export const KVM_S390_RESTART = 0xfffe0003;
export const KVM_S390_INT_PFAULT_INIT = 0xfffe0004;
export const KVM_S390_INT_PFAULT_DONE = 0xfffe0005;
export const KVM_S390_MCHK = 0xfffe1000;
export const KVM_S390_INT_CLOCK_COMP = 0xffff1004;
export const KVM_S390_INT_CPU_TIMER = 0xffff1005;
export const KVM_S390_INT_VIRTIO = 0xffff2603;
export const KVM_S390_INT_SERVICE = 0xffff2401;
export const KVM_S390_INT_EMERGENCY = 0xffff1201;
export const KVM_S390_INT_EXTERNAL_CALL = 0xffff1202;
/** The highest I/O type code: KVM_S390_INT_IO(1, 0xff, 3, 0xffff) = 0xfffdffff. */
export const KVM_S390_INT_IO_MAX = 0xfffdffff;
/** The adapter-interruption (AI) flag of an I/O type code. */
export const KVM_S390_INT_IO_AI_MASK = 0x04000000;
/** The type code of an adapter interrupt as GET_ALL_IRQS reports it: KVM_S390_INT_IO(1,0,0,0). */
export const KVM_S390_INT_IO_ADAPTER = KVM_S390_INT_IO_AI_MASK;

/** I/O type code: schid | ssid << 16 | cssid << 18 | ai << 26 (the kernel's KVM_S390_INT_IO). */
export function ioType(cssid: number, ssid: number, schid: number, ai = false): bigint {
  if (!isUint(cssid, 0xff) || !isUint(ssid, 0x3) || !isUint(schid, 0xffff)) {
    throw new RangeError(`ioType: cssid must be 0..255, ssid 0..3, schid 0..65535`);
  }
  return BigInt((((ai ? 1 : 0) << 26) | (cssid << 18) | (ssid << 16) | schid) >>> 0);
}

/** The interruption word bits that carry the ISC (MSB0 bits 2-4). */
export const IO_INT_WORD_ISC_MASK = 0x38000000;
export const IO_INT_WORD_ISC_SHIFT = 27;
/** The adapter-interruption bit of the I/O interruption word. */
export const IO_INT_WORD_AI = 0x80000000;

export function iscFromIntWord(word: number): number {
  return (word & IO_INT_WORD_ISC_MASK) >>> IO_INT_WORD_ISC_SHIFT;
}

/** Interruption word for an ISC: isc << 27, kept to 32 bits as the kernel's u32 shift keeps it. */
export function iscToIntWord(isc: number): number {
  return (isc << IO_INT_WORD_ISC_SHIFT) >>> 0;
}

/** Service signal parts (§4.3). */
export const SERVICE_EVENT_PENDING_MASK = 0x00000003;
export const SERVICE_SCCB_MASK = 0xfffffff8;
/** Floating machine checks keep only the channel-report-pending subclass mask of cr14 (§4.4). */
export const MCHK_CR14_KEPT = 0x10000000;

/** How the kernel's ENQUEUE and injection paths treat a 64-bit type code. */
export const IrqClass = {
  Io: 0,
  Virtio: 1,
  Service: 2,
  PfaultDone: 3,
  PfaultInit: 4,
  Mchk: 5,
  /** per-vCPU types and undefined values: rejected with EINVAL */
  Other: 6,
} as const;
export type IrqClass = (typeof IrqClass)[keyof typeof IrqClass];

/** Classify a type code given as its two 32-bit halves. */
export function classifyType(hi: number, lo: number): IrqClass {
  if (hi !== 0) return IrqClass.Other;
  if (lo <= KVM_S390_INT_IO_MAX) return IrqClass.Io;
  switch (lo) {
    case KVM_S390_INT_VIRTIO:
      return IrqClass.Virtio;
    case KVM_S390_INT_SERVICE:
      return IrqClass.Service;
    case KVM_S390_INT_PFAULT_DONE:
      return IrqClass.PfaultDone;
    case KVM_S390_INT_PFAULT_INIT:
      return IrqClass.PfaultInit;
    case KVM_S390_MCHK:
      return IrqClass.Mchk;
    default:
      return IrqClass.Other;
  }
}

/** Union member sizes read by ENQUEUE (§3.2 step 5.3). */
export const IO_PAYLOAD_SIZE = 12;
export const EXT_PAYLOAD_SIZE = 16;
export const MCHK_PAYLOAD_SIZE = 48;
export const IRQ_TYPE_SIZE = 8;
export const IRQ_UNION_SIZE = 64;
export const MCHK_FIXED_LOGOUT_SIZE = 16;

export function payloadSize(cls: IrqClass): number {
  switch (cls) {
    case IrqClass.Io:
      return IO_PAYLOAD_SIZE;
    case IrqClass.Mchk:
      return MCHK_PAYLOAD_SIZE;
    case IrqClass.Other:
      return 0;
    default:
      return EXT_PAYLOAD_SIZE;
  }
}

// ---- Byte helpers (big-endian) -------------------------------------------------------------

export function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

export function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

export function u64(b: Uint8Array, o: number): bigint {
  return join64(u32(b, o), u32(b, o + 4));
}

export function put16(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 8;
  b[o + 1] = v;
}

export function put32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = v >>> 16;
  b[o + 2] = v >>> 8;
  b[o + 3] = v;
}

/** Write a u64 (the caller has checked the range: the view below wraps modulo 2^64). */
export function put64(b: Uint8Array, o: number, v: bigint): void {
  U64_VIEW[0] = v;
  put32(b, o, U32_VIEW[HI]!);
  put32(b, o + 4, U32_VIEW[LO]!);
}

// Number(bigint) and BigInt shifts cost tens of nanoseconds in V8; a BigUint64Array sharing its
// buffer with a Uint32Array splits and joins 64-bit values several times faster.
const U64_VIEW = new BigUint64Array(1);
const U32_VIEW = new Uint32Array(U64_VIEW.buffer);
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;

/** The low 32 bits of a u64 (values outside 0..2^64-1 wrap, as a C cast does). */
export function lo32(v: bigint): number {
  U64_VIEW[0] = v;
  return U32_VIEW[LO]!;
}

/** The high 32 bits of a u64. */
export function hi32(v: bigint): number {
  U64_VIEW[0] = v;
  return U32_VIEW[HI]!;
}

export function join64(hi: number, lo: number): bigint {
  U32_VIEW[HI] = hi;
  U32_VIEW[LO] = lo;
  return U64_VIEW[0]!;
}

// ---- Input range checks for the typed API --------------------------------------------------
// The typed API is encoded to the kernel layout, so a value that does not fit its field cannot be
// expressed in the ABI: it is refused with EINVAL rather than silently truncated.

export const U8_MAX = 0xff;
export const U16_MAX = 0xffff;
export const U32_MAX = 0xffffffff;
export const U64_MAX = 0xffffffffffffffffn;

function isUint(v: number, max: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= max;
}

/** `record`, when given, names the ENQUEUE record; it is formatted only when the check fails. */
function fieldName(field: string, record: number): string {
  return record < 0 ? field : `record ${record}: ${field}`;
}

export function checkUint(group: string, field: string, v: number, max: number, record = -1): number {
  if (!isUint(v, max)) {
    throw new KvmError('EINVAL', group, `${fieldName(field, record)} must be an integer in 0..${max}, got ${v}`);
  }
  return v;
}

export function checkU64(group: string, field: string, v: bigint, record = -1): bigint {
  if (typeof v !== 'bigint' || v < 0n || v > U64_MAX) {
    throw new KvmError('EINVAL', group, `${fieldName(field, record)} must be a bigint in 0..2^64-1, got ${String(v)}`);
  }
  return v;
}

// ---- struct kvm_s390_irq (72 bytes, §9.1) -------------------------------------------------------

const ENQ = FLIC_GROUP_NAMES[KVM_DEV_FLIC_ENQUEUE]!;

/**
 * Refuse (EINVAL) a typed record with a field that does not fit its width in struct
 * kvm_s390_irq: such a record cannot be expressed in the ABI at all.
 */
export function checkIrq(irq: Irq, index = 0): void {
  checkU64(ENQ, 'type', irq.type, index);
  switch (irq.kind) {
    case 'io':
      checkUint(ENQ, 'subchannelId', irq.subchannelId, U16_MAX, index);
      checkUint(ENQ, 'subchannelNr', irq.subchannelNr, U16_MAX, index);
      checkUint(ENQ, 'ioIntParm', irq.ioIntParm, U32_MAX, index);
      checkUint(ENQ, 'ioIntWord', irq.ioIntWord, U32_MAX, index);
      return;
    case 'ext':
      checkUint(ENQ, 'extParams', irq.extParams, U32_MAX, index);
      checkUint(ENQ, 'pad', irq.pad, U32_MAX, index);
      checkU64(ENQ, 'extParams2', irq.extParams2, index);
      return;
    case 'mchk':
      checkU64(ENQ, 'cr14', irq.cr14, index);
      checkU64(ENQ, 'mcic', irq.mcic, index);
      checkU64(ENQ, 'failingStorageAddress', irq.failingStorageAddress, index);
      checkUint(ENQ, 'extDamageCode', irq.extDamageCode, U32_MAX, index);
      checkUint(ENQ, 'pad', irq.pad, U32_MAX, index);
      if (irq.fixedLogout.length > MCHK_FIXED_LOGOUT_SIZE) {
        throw new KvmError('EINVAL', ENQ, `record ${index}: fixedLogout must be at most ${MCHK_FIXED_LOGOUT_SIZE} bytes`);
      }
      return;
    case 'raw':
      if (irq.payload.length > IRQ_UNION_SIZE) {
        throw new KvmError('EINVAL', ENQ, `record ${index}: payload must be at most ${IRQ_UNION_SIZE} bytes`);
      }
      return;
    default:
      throw new KvmError('EINVAL', ENQ, `record ${index}: kind must be io, ext, mchk or raw`);
  }
}

/** Encode one interrupt at `o` of `b`, writing all 72 bytes (unused union bytes are zero). */
export function encodeIrq(irq: Irq, b: Uint8Array, o: number, index = 0): void {
  checkIrq(irq, index);
  put64(b, o, irq.type);
  const p = o + IRQ_TYPE_SIZE;
  b.fill(0, p, o + KVM_S390_IRQ_SIZE);
  switch (irq.kind) {
    case 'io':
      put16(b, p, irq.subchannelId);
      put16(b, p + 2, irq.subchannelNr);
      put32(b, p + 4, irq.ioIntParm);
      put32(b, p + 8, irq.ioIntWord);
      return;
    case 'ext':
      put32(b, p, irq.extParams);
      put32(b, p + 4, irq.pad);
      put64(b, p + 8, irq.extParams2);
      return;
    case 'mchk':
      put64(b, p, irq.cr14);
      put64(b, p + 8, irq.mcic);
      put64(b, p + 16, irq.failingStorageAddress);
      put32(b, p + 24, irq.extDamageCode);
      put32(b, p + 28, irq.pad);
      b.set(irq.fixedLogout, p + 32);
      return;
    case 'raw':
      b.set(irq.payload, p);
      return;
  }
}

export function encodeIrqs(irqs: readonly Irq[]): Uint8Array {
  const b = new Uint8Array(irqs.length * KVM_S390_IRQ_SIZE);
  for (let i = 0; i < irqs.length; i++) encodeIrq(irqs[i]!, b, i * KVM_S390_IRQ_SIZE, i);
  return b;
}

/** Decode the record at `o`, choosing the union member the type code uses. */
export function decodeIrq(b: Uint8Array, o: number): Irq {
  const hi = u32(b, o);
  const lo = u32(b, o + 4);
  const type = join64(hi, lo);
  const p = o + IRQ_TYPE_SIZE;
  switch (classifyType(hi, lo)) {
    case IrqClass.Io:
      return {
        kind: 'io',
        type,
        subchannelId: u16(b, p),
        subchannelNr: u16(b, p + 2),
        ioIntParm: u32(b, p + 4),
        ioIntWord: u32(b, p + 8),
      };
    case IrqClass.Mchk:
      return {
        kind: 'mchk',
        type,
        cr14: u64(b, p),
        mcic: u64(b, p + 8),
        failingStorageAddress: u64(b, p + 16),
        extDamageCode: u32(b, p + 24),
        pad: u32(b, p + 28),
        fixedLogout: b.slice(p + 32, p + 32 + MCHK_FIXED_LOGOUT_SIZE),
      };
    case IrqClass.Other:
      return { kind: 'raw', type, payload: b.slice(p, p + IRQ_UNION_SIZE) };
    default:
      return { kind: 'ext', type, extParams: u32(b, p), pad: u32(b, p + 4), extParams2: u64(b, p + 8) };
  }
}

export function decodeIrqs(b: Uint8Array): Irq[] {
  const n = Math.floor(b.length / KVM_S390_IRQ_SIZE);
  const out = new Array<Irq>(n);
  for (let i = 0; i < n; i++) out[i] = decodeIrq(b, i * KVM_S390_IRQ_SIZE);
  return out;
}

// ---- struct kvm_s390_io_adapter (8 bytes) -------------------------------------------------------

export function encodeAdapter(a: AdapterConfig): Uint8Array {
  const g = FLIC_GROUP_NAMES[KVM_DEV_FLIC_ADAPTER_REGISTER]!;
  const b = new Uint8Array(KVM_S390_IO_ADAPTER_SIZE);
  put32(b, 0, checkUint(g, 'id', a.id, U32_MAX));
  b[4] = checkUint(g, 'isc', a.isc, U8_MAX);
  b[5] = a.maskable ? 1 : 0;
  b[6] = a.swap ? 1 : 0;
  b[7] = checkUint(g, 'flags', a.flags, U8_MAX);
  return b;
}

export function decodeAdapter(b: Uint8Array): AdapterConfig {
  return { id: u32(b, 0), isc: b[4]!, maskable: b[5] !== 0, swap: b[6] !== 0, flags: b[7]! };
}

// ---- struct kvm_s390_io_adapter_req (16 bytes) ------------------------------------------------

export function encodeAdapterRequest(r: AdapterRequest): Uint8Array {
  const g = FLIC_GROUP_NAMES[KVM_DEV_FLIC_ADAPTER_MODIFY]!;
  const b = new Uint8Array(KVM_S390_IO_ADAPTER_REQ_SIZE);
  put32(b, 0, checkUint(g, 'id', r.id, U32_MAX));
  b[4] = checkUint(g, 'type', r.type, U8_MAX);
  b[5] = r.mask ? 1 : 0;
  put64(b, 8, checkU64(g, 'addr', r.addr));
  return b;
}

export function decodeAdapterRequest(b: Uint8Array): AdapterRequest {
  return { id: u32(b, 0), type: b[4]!, mask: b[5] !== 0, addr: u64(b, 8) };
}

// ---- struct kvm_s390_ais_req (4 bytes) and kvm_s390_ais_all (2 bytes) -------------------------

export function encodeAisRequest(isc: number, mode: number): Uint8Array {
  const g = FLIC_GROUP_NAMES[KVM_DEV_FLIC_AISM]!;
  const b = new Uint8Array(KVM_S390_AIS_REQ_SIZE);
  b[0] = checkUint(g, 'isc', isc, U8_MAX);
  put16(b, 2, checkUint(g, 'mode', mode, U16_MAX));
  return b;
}

export function decodeAisRequest(b: Uint8Array): { isc: number; mode: number } {
  return { isc: b[0]!, mode: u16(b, 2) };
}

export function encodeAisAll(m: AisMasks): Uint8Array {
  const g = FLIC_GROUP_NAMES[KVM_DEV_FLIC_AISM_ALL]!;
  return Uint8Array.of(checkUint(g, 'simm', m.simm, U8_MAX), checkUint(g, 'nimm', m.nimm, U8_MAX));
}

export function decodeAisAll(b: Uint8Array): AisMasks {
  return { simm: b[0]!, nimm: b[1]! };
}

// ---- schid word (CLEAR_IO_IRQ, 4 bytes) -------------------------------------------------------

export function schidWord(subchannelId: number, subchannelNr: number): number {
  const g = FLIC_GROUP_NAMES[KVM_DEV_FLIC_CLEAR_IO_IRQ]!;
  checkUint(g, 'subchannelId', subchannelId, U16_MAX);
  checkUint(g, 'subchannelNr', subchannelNr, U16_MAX);
  return ((subchannelId << 16) | subchannelNr) >>> 0;
}

export function encodeSchid(word: number): Uint8Array {
  const b = new Uint8Array(SCHID_SIZE);
  put32(b, 0, word);
  return b;
}

// ---- Record writers for GET_ALL_IRQS output (fields at their §9.1 offsets; the rest stays 0) ----

const OFF_TYPE_LO = 4;
const OFF_U = IRQ_TYPE_SIZE;

/** An io record: type (always below 2^32), the schid word (subchannel_id, subchannel_nr), parm, word. */
export function writeIoRecord(dv: DataView, o: number, type: number, schid: number, parm: number, word: number): void {
  dv.setUint32(o + OFF_TYPE_LO, type);
  dv.setUint32(o + OFF_U, schid);
  dv.setUint32(o + OFF_U + 4, parm);
  dv.setUint32(o + OFF_U + 8, word);
}

/** An ext record: ext_params, pad, ext_params2 (as halves). */
export function writeExtRecord(
  dv: DataView,
  o: number,
  type: number,
  params: number,
  pad: number,
  params2Hi: number,
  params2Lo: number,
): void {
  dv.setUint32(o + OFF_TYPE_LO, type);
  dv.setUint32(o + OFF_U, params);
  dv.setUint32(o + OFF_U + 4, pad);
  dv.setUint32(o + OFF_U + 8, params2Hi);
  dv.setUint32(o + OFF_U + 12, params2Lo);
}

/** A floating machine-check record: cr14 and mcic (as halves); the other mchk fields stay 0. */
export function writeMchkRecord(dv: DataView, o: number, cr14Lo: number, mcicHi: number, mcicLo: number): void {
  dv.setUint32(o + OFF_TYPE_LO, KVM_S390_MCHK);
  dv.setUint32(o + OFF_U + 4, cr14Lo);
  dv.setUint32(o + OFF_U + 8, mcicHi);
  dv.setUint32(o + OFF_U + 12, mcicLo);
}

/** The payload offsets ENQUEUE reads (relative to the union). */
export const EXT_PAD_OFFSET = 4;
export const EXT_PARAMS2_OFFSET = 8;
export const MCHK_MCIC_OFFSET = 8;
/** The low half of cr14, where the only bit a floating machine check keeps lives. */
export const MCHK_CR14_LO_OFFSET = 4;

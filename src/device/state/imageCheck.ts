// Whether a kernel's FLIC could hold a VmImage (docs/state.md, "What ImportVm refuses"): every
// queue within its limit and of its own class, records with nothing outside the fields the kernel
// keeps, merged records as the merge rules leave them, adapters and masks as the groups can set
// them. A state that fails any of these is EINVAL with a detail naming the part; ImportVm then
// creates nothing. The rules are the invariants of src/device/current and src/device/original.
import {
  ASYNC_PF_PER_VCPU,
  IO_INT_WORD_OFFSET,
  IRQ_PEND_EXT_SERVICE,
  IRQ_TYPE_LO_OFFSET,
  IRQ_TYPE_OFFSET,
  IRQ_UNION_OFFSET,
  IrqClass,
  KVM_S390_INT_IO_AI_MASK,
  KVM_S390_INT_PFAULT_DONE,
  KVM_S390_INT_VIRTIO,
  KVM_S390_IRQ_SIZE,
  KVM_S390_MAX_FLOAT_IRQS,
  KVM_S390_MAX_VIRTIO_IRQS,
  MAX_S390_ADAPTER_MAPS,
  MAX_S390_IO_ADAPTERS,
  MCHK_CR14_KEPT,
  OP_IMPORT_VM,
  ORIGINAL_MAX_FLOAT_IRQS,
  SERVICE_EVENT_PENDING_MASK,
  SERVICE_SCCB_MASK,
  classifyType,
  iscFromIntWord,
  payloadSize,
  u32,
} from '../abi/index.js';
import { KvmError } from '../errno.js';
import type { AdapterState, VmConfig } from '../types.js';
import { resolveVmConfig } from '../vmConfig.js';
import type { CurrentImage, OriginalImage, VmImage } from './vmImage.js';

function impossible(detail: string): KvmError {
  return new KvmError('EINVAL', OP_IMPORT_VM, `no kernel could hold this state: ${detail}`);
}

/** The image with its configuration resolved; EINVAL for anything a kernel could not hold. */
export function checkImage(image: VmImage): VmImage {
  let config: VmConfig;
  try {
    config = resolveVmConfig(image.config);
  } catch (err) {
    if (err instanceof KvmError) throw impossible(`config: ${err.detail}`);
    throw err;
  }
  const flic = image.flic;
  if (flic !== null && flic.profile !== config.profile) {
    throw impossible(`a ${flic.profile}-profile FLIC in a VM of the ${config.profile} profile`);
  }
  if (flic?.profile === 'current') checkCurrent(flic, config);
  if (flic?.profile === 'original') checkOriginal(flic);
  return { config, flic };
}

/** The number of 72-byte records in `b`, at most `limit`. */
function recordCount(b: Uint8Array, what: string, limit: number): number {
  if (b.length % KVM_S390_IRQ_SIZE !== 0) throw impossible(`${what} is ${b.length} bytes, not a whole number of ${KVM_S390_IRQ_SIZE}-byte records`);
  const n = b.length / KVM_S390_IRQ_SIZE;
  if (n > limit) throw impossible(`${what} holds ${n} records, the limit is ${limit}`);
  return n;
}

/**
 * The bytes of record `i` after its union member's first `kept` bytes must be zero. Read a word at
 * a time (every member ends on a word boundary): a full queue has 19 million such bytes.
 */
function requireZeroTail(b: Uint8Array, i: number, kept: number, what: string): void {
  const o = i * KVM_S390_IRQ_SIZE;
  for (let p = o + IRQ_UNION_OFFSET + kept; p < o + KVM_S390_IRQ_SIZE; p += 4) {
    if ((b[p]! | b[p + 1]! | b[p + 2]! | b[p + 3]!) === 0) continue;
    let at = p;
    while (b[at] === 0) at++;
    throw impossible(`${what} record ${i} has byte ${at - o} set, which the kernel does not keep`);
  }
}

function typeClass(b: Uint8Array, i: number): IrqClass {
  const o = i * KVM_S390_IRQ_SIZE;
  return classifyType(u32(b, o + IRQ_TYPE_OFFSET), u32(b, o + IRQ_TYPE_LO_OFFSET));
}

function iscOf(b: Uint8Array, i: number): number {
  return iscFromIntWord(u32(b, i * KVM_S390_IRQ_SIZE + IRQ_UNION_OFFSET + IO_INT_WORD_OFFSET));
}

function checkCurrent(f: CurrentImage, config: VmConfig): void {
  const io = recordCount(f.io, 'the I/O queues', KVM_S390_MAX_FLOAT_IRQS);
  let lastIsc = 0;
  for (let i = 0; i < io; i++) {
    if (typeClass(f.io, i) !== IrqClass.Io) throw impossible(`I/O record ${i} does not have an I/O type`);
    requireZeroTail(f.io, i, payloadSize(IrqClass.Io), 'I/O');
    const isc = iscOf(f.io, i);
    if (isc < lastIsc) throw impossible(`I/O record ${i} (ISC ${isc}) comes after ISC ${lastIsc}: the queues go ISC 0 first`);
    lastIsc = isc;
    const type = u32(f.io, i * KVM_S390_IRQ_SIZE + IRQ_TYPE_LO_OFFSET);
    if (config.gisa && (type & KVM_S390_INT_IO_AI_MASK) !== 0) {
      throw impossible(`I/O record ${i} is an adapter interrupt, which a VM with a GISA keeps in the IPM, never queued`);
    }
  }
  checkExtQueue(f.pfaultDone, 'PFAULT_DONE', KVM_S390_INT_PFAULT_DONE, ASYNC_PF_PER_VCPU * config.maxVcpus);
  checkExtQueue(f.virtio, 'VIRTIO', KVM_S390_INT_VIRTIO, KVM_S390_MAX_VIRTIO_IRQS);
  if (f.gisaIpm !== 0 && !config.gisa) throw impossible(`a GISA IPM of 0x${f.gisaIpm.toString(16)} on a VM without a GISA`);
  checkService(f.service);
  const m = f.machineCheck;
  if ((m.cr14 & ~BigInt(MCHK_CR14_KEPT)) !== 0n) {
    throw impossible(`the machine check's cr14 0x${m.cr14.toString(16)} has bits other than 0x${MCHK_CR14_KEPT.toString(16)}`);
  }
  if (!m.pending && (m.cr14 !== 0n || m.mcic !== 0n)) throw impossible('a machine check that is not pending has cr14 or mcic set');
  if (!config.ais && (f.ais.simm !== 0 || f.ais.nimm !== 0)) throw impossible('AIS masks on a VM without the AIS facility');
  checkAdapters(f.adapters, config);
  if (f.apfEnabled && config.ucontrol) throw impossible('APF enabled on a ucontrol VM');
  const service = 1 << IRQ_PEND_EXT_SERVICE;
  if (f.maskedIrqs !== 0 && !(config.protected && f.maskedIrqs === service)) {
    throw impossible(`masked_irqs 0x${f.maskedIrqs.toString(16)}: only a protected VM holds back, and only SERVICE (0x${service.toString(16)})`);
  }
  if (f.waitScanStart >= config.maxVcpus) throw impossible(`wait_scan_start ${f.waitScanStart} is not below max_vcpus (${config.maxVcpus})`);
}

function checkExtQueue(b: Uint8Array, what: string, type: number, limit: number): void {
  const n = recordCount(b, `the ${what} queue`, limit);
  for (let i = 0; i < n; i++) {
    const o = i * KVM_S390_IRQ_SIZE;
    if (u32(b, o + IRQ_TYPE_OFFSET) !== 0 || u32(b, o + IRQ_TYPE_LO_OFFSET) !== type) {
      throw impossible(`${what} record ${i} has a type other than 0x${type.toString(16)}`);
    }
    requireZeroTail(b, i, payloadSize(IrqClass.Virtio), what);
  }
}

/** The merge rules (spec §4.3) leave: no bit 0x4; the event flag iff event bits; nothing without an SCCB. */
function checkService(s: CurrentImage['service']): void {
  const unused = ~(SERVICE_SCCB_MASK | SERVICE_EVENT_PENDING_MASK) >>> 0;
  if ((s.word & unused) !== 0) throw impossible(`the service word 0x${s.word.toString(16)} has bit 0x${unused.toString(16)} set`);
  if (s.eventPending !== ((s.word & SERVICE_EVENT_PENDING_MASK) !== 0)) {
    throw impossible(`the service word 0x${s.word.toString(16)} disagrees with event_pending (${s.eventPending})`);
  }
  if (!s.sccbPending && s.word !== 0) throw impossible('a service word without a pending SCCB');
}

function checkAdapters(adapters: readonly AdapterState[], config: VmConfig): void {
  let lastId = -1;
  for (const a of adapters) {
    if (a.id >= MAX_S390_IO_ADAPTERS) throw impossible(`adapter id ${a.id} is not below ${MAX_S390_IO_ADAPTERS}`);
    if (a.id <= lastId) throw impossible(`adapter ${a.id} comes after adapter ${lastId}: adapters go by ascending id, once each`);
    lastId = a.id;
    if (a.masked && !a.maskable) throw impossible(`adapter ${a.id} is masked but not maskable`);
    checkMappings(a, config);
  }
}

function checkMappings(a: AdapterState, config: VmConfig): void {
  const mode = config.adapterMapMode;
  const n = a.mappings.length;
  if (mode !== 'legacy' && a.mapCounter !== 0) throw impossible(`adapter ${a.id} has a map counter outside the legacy map mode`);
  if (n === 0) return;
  if (mode === 'noop' || (mode === 'tracked' && config.protected)) {
    throw impossible(`adapter ${a.id} has mappings, which the ${mode} map mode${config.protected ? ' of a protected VM' : ''} never makes`);
  }
  const most = mode === 'legacy' ? MAX_S390_ADAPTER_MAPS - 1 : MAX_S390_ADAPTER_MAPS;
  if (n > most) throw impossible(`adapter ${a.id} has ${n} mappings, the ${mode} map mode makes at most ${most}`);
  if (mode === 'legacy' && a.mapCounter < n) throw impossible(`adapter ${a.id}'s map counter ${a.mapCounter} is below its ${n} mappings`);
  for (const addr of a.mappings) {
    const backed = config.guestMemory === null ? addr !== 0n : config.guestMemory.some((r) => addr >= r.start && addr < r.start + r.size);
    if (addr === 0n || !backed) throw impossible(`adapter ${a.id} maps 0x${addr.toString(16)}, which MAP refuses`);
  }
}

function checkOriginal(f: OriginalImage): void {
  const n = recordCount(f.list, 'the interrupt list', ORIGINAL_MAX_FLOAT_IRQS);
  let lastIsc = Infinity;
  for (let i = 0; i < n; i++) {
    const cls = typeClass(f.list, i);
    if (cls === IrqClass.Other) throw impossible(`list record ${i} does not have a floating interrupt type`);
    requireZeroTail(f.list, i, payloadSize(cls), 'list');
    if (cls !== IrqClass.Io) continue;
    const isc = iscOf(f.list, i);
    if (isc > lastIsc) throw impossible(`list record ${i} (ISC ${isc}) follows an I/O entry of ISC ${lastIsc}: the list keeps I/O in descending ISC order`);
    lastIsc = isc;
  }
}

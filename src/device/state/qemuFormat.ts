// The QEMU format (docs/state.md): the body of QEMU's `s390-flic` VMState section, version 1, as
// QEMU's KVM FLIC writes it (hw/intc/s390_flic_kvm.c, kvm_flic_save / kvm_flic_load, and the
// `s390-flic/ais` subsection; migration/vmstate.c writes a subsection as the byte
// QEMU_VM_SUBSECTION, the name's length, the name, the big-endian version, then its fields):
//
//   u64 BE count | count × 72-byte kvm_s390_irq | [ 0x05 | 13 | "s390-flic/ais" | u32 BE 1 | simm | nimm ]
//
// Loading checks the whole blob first and changes nothing when it is malformed; then it makes the
// calls kvm_flic_load and the subsection's post_load make, in their order, through the VM's own
// entry points (so a server journals each of them).
import {
  KVM_DEV_FLIC_AISM_ALL,
  KVM_DEV_FLIC_APF_ENABLE,
  KVM_DEV_FLIC_ENQUEUE,
  KVM_S390_AIS_ALL_SIZE,
  KVM_S390_IRQ_SIZE,
  OP_IMPORT_VM,
  encodeAisAll,
  put32,
  put64,
  u32,
  u64,
} from '../abi/index.js';
import { KvmError } from '../errno.js';
import type { AisMasks, AttrCall, AttrResult, VmConfig } from '../types.js';

/** migration/savevm.h: the marker before each subsection. */
export const QEMU_VM_SUBSECTION = 0x05;
/** The AIS subsection's VMStateDescription name and version_id. */
export const QEMU_FLIC_AIS_SUBSECTION = 's390-flic/ais';
export const QEMU_FLIC_AIS_VERSION = 1;
/** kvm_flic_save's count when GET_ALL_IRQS failed (FLIC_FAILED, -1UL). */
export const QEMU_FLIC_FAILED = 0xffffffffffffffffn;
const COUNT_SIZE = 8;
const AIS_NAME = Uint8Array.from(QEMU_FLIC_AIS_SUBSECTION, (c) => c.charCodeAt(0));
/** Marker, name length, name, version, simm, nimm. */
const AIS_SUBSECTION_SIZE = 1 + 1 + AIS_NAME.length + 4 + KVM_S390_AIS_ALL_SIZE;

export interface QemuFlicState {
  /** count × 72 bytes of records. */
  readonly records: Uint8Array;
  /** The s390-flic/ais subsection's masks, or null when the blob has none. */
  readonly ais: AisMasks | null;
}

function malformed(detail: string): KvmError {
  return new KvmError('EINVAL', OP_IMPORT_VM, `not a valid QEMU s390-flic section: ${detail}`);
}

export function encodeQemuState(records: Uint8Array, ais: AisMasks | null): Uint8Array {
  const out = new Uint8Array(COUNT_SIZE + records.length + (ais === null ? 0 : AIS_SUBSECTION_SIZE));
  put64(out, 0, BigInt(records.length / KVM_S390_IRQ_SIZE));
  out.set(records, COUNT_SIZE);
  if (ais !== null) {
    let o = COUNT_SIZE + records.length;
    out[o++] = QEMU_VM_SUBSECTION;
    out[o++] = AIS_NAME.length;
    out.set(AIS_NAME, o);
    o += AIS_NAME.length;
    put32(out, o, QEMU_FLIC_AIS_VERSION);
    out[o + 4] = ais.simm;
    out[o + 5] = ais.nimm;
  }
  return out;
}

/** The whole blob, checked: EINVAL for QEMU's failed save, missing record bytes or bad trailing bytes. */
export function parseQemuState(blob: Uint8Array): QemuFlicState {
  if (blob.length < COUNT_SIZE) throw malformed(`${blob.length} bytes is too short for the 8-byte record count`);
  const count = u64(blob, 0);
  if (count === QEMU_FLIC_FAILED) throw malformed('the count is FLIC_FAILED (0xffffffffffffffff): QEMU could not save the interrupts');
  const available = BigInt(blob.length - COUNT_SIZE);
  const needed = count * BigInt(KVM_S390_IRQ_SIZE);
  if (needed > available) throw malformed(`the count says ${count} records (${needed} bytes), only ${available} bytes follow`);
  const end = COUNT_SIZE + Number(needed);
  return { records: blob.subarray(COUNT_SIZE, end), ais: parseAisSubsection(blob, end) };
}

function parseAisSubsection(blob: Uint8Array, start: number): AisMasks | null {
  const rest = blob.length - start;
  if (rest === 0) return null;
  if (blob[start] !== QEMU_VM_SUBSECTION) {
    throw malformed(`${rest} bytes follow the records and do not start a subsection (0x${blob[start]!.toString(16)}, expected 0x05)`);
  }
  if (rest < 2) throw malformed('a subsection without its name length');
  const nameLength = blob[start + 1]!;
  const name = String.fromCharCode(...blob.subarray(start + 2, Math.min(blob.length, start + 2 + nameLength)));
  if (name !== QEMU_FLIC_AIS_SUBSECTION) throw malformed(`subsection ${JSON.stringify(name)} is not ${QEMU_FLIC_AIS_SUBSECTION}`);
  if (rest !== AIS_SUBSECTION_SIZE) {
    throw malformed(`the ${QEMU_FLIC_AIS_SUBSECTION} subsection takes ${AIS_SUBSECTION_SIZE} bytes, ${rest} follow the records`);
  }
  const o = start + 2 + AIS_NAME.length;
  const version = u32(blob, o);
  if (version !== QEMU_FLIC_AIS_VERSION) throw malformed(`${QEMU_FLIC_AIS_SUBSECTION} version ${version}, only version ${QEMU_FLIC_AIS_VERSION} exists`);
  return { simm: blob[o + 4]!, nimm: blob[o + 5]! };
}

/** What loading needs of a VM: its configuration and the raw SET (which journals and wakes waiters). */
export interface QemuLoadTarget {
  readonly config: VmConfig;
  setAttr(call: AttrCall): AttrResult;
}

function set(group: number, attr: bigint, data: Uint8Array): AttrCall {
  return { flags: 0, group, attr, data, badAddr: false };
}

/**
 * kvm_flic_load, then the AIS subsection's post_load: APF_ENABLE (its failure ignored, as QEMU
 * prints it and goes on); one ENQUEUE of every record unless there are none (its errno and partial
 * effect are ENQUEUE's); with the subsection, ENOSYS on a VM without AIS (the records stay, as in
 * QEMU), else AISM_ALL SET.
 */
export function loadQemuState(vm: QemuLoadTarget, state: QemuFlicState): void {
  try {
    vm.setAttr(set(KVM_DEV_FLIC_APF_ENABLE, 0n, new Uint8Array(0)));
  } catch (err) {
    if (!(err instanceof KvmError)) throw err;
  }
  if (state.records.length > 0) vm.setAttr(set(KVM_DEV_FLIC_ENQUEUE, BigInt(state.records.length), state.records));
  if (state.ais === null) return;
  if (!vm.config.ais) {
    throw new KvmError('ENOSYS', OP_IMPORT_VM, `the state has the ${QEMU_FLIC_AIS_SUBSECTION} subsection and this VM has no AIS facility`);
  }
  vm.setAttr(set(KVM_DEV_FLIC_AISM_ALL, BigInt(KVM_S390_AIS_ALL_SIZE), encodeAisAll(state.ais)));
}

// The small structures of the other groups (§3.6-3.11): kvm_s390_io_adapter,
// kvm_s390_io_adapter_req, kvm_s390_ais_req, kvm_s390_ais_all, and the subchannel words.

import type { AdapterConfig, AdapterRequest, AisMasks } from '../types.js';
import { U16_MAX, U32_MAX, U8_MAX, checkU64, checkUint, isUint, put16, put32, put64, u16, u32, u64 } from './bytes.js';
import {
  KVM_DEV_FLIC_ADAPTER_MODIFY,
  KVM_DEV_FLIC_ADAPTER_REGISTER,
  KVM_DEV_FLIC_AISM,
  KVM_DEV_FLIC_AISM_ALL,
  KVM_DEV_FLIC_CLEAR_IO_IRQ,
  KVM_S390_AIS_ALL_SIZE,
  KVM_S390_AIS_REQ_SIZE,
  KVM_S390_IO_ADAPTER_REQ_SIZE,
  KVM_S390_IO_ADAPTER_SIZE,
  SCHID_SIZE,
  groupName,
} from './constants.js';

// ---- struct kvm_s390_io_adapter (8 bytes) -------------------------------------------------------

const ADAPTER_ID = 0;
const ADAPTER_ISC = 4;
const ADAPTER_MASKABLE = 5;
const ADAPTER_SWAP = 6;
const ADAPTER_FLAGS = 7;

export function encodeAdapter(a: AdapterConfig): Uint8Array {
  const g = groupName(KVM_DEV_FLIC_ADAPTER_REGISTER);
  const b = new Uint8Array(KVM_S390_IO_ADAPTER_SIZE);
  put32(b, ADAPTER_ID, checkUint(g, 'id', a.id, U32_MAX));
  b[ADAPTER_ISC] = checkUint(g, 'isc', a.isc, U8_MAX);
  b[ADAPTER_MASKABLE] = a.maskable ? 1 : 0;
  b[ADAPTER_SWAP] = a.swap ? 1 : 0;
  b[ADAPTER_FLAGS] = checkUint(g, 'flags', a.flags, U8_MAX);
  return b;
}

/** The caller has checked that KVM_S390_IO_ADAPTER_SIZE bytes are readable. */
export function decodeAdapter(b: Uint8Array): AdapterConfig {
  return {
    id: u32(b, ADAPTER_ID),
    isc: b[ADAPTER_ISC]!,
    maskable: b[ADAPTER_MASKABLE] !== 0,
    swap: b[ADAPTER_SWAP] !== 0,
    flags: b[ADAPTER_FLAGS]!,
  };
}

// ---- struct kvm_s390_io_adapter_req (16 bytes) ------------------------------------------------

const REQ_ID = 0;
const REQ_TYPE = 4;
const REQ_MASK = 5;
const REQ_ADDR = 8;

export function encodeAdapterRequest(r: AdapterRequest): Uint8Array {
  const g = groupName(KVM_DEV_FLIC_ADAPTER_MODIFY);
  const b = new Uint8Array(KVM_S390_IO_ADAPTER_REQ_SIZE);
  put32(b, REQ_ID, checkUint(g, 'id', r.id, U32_MAX));
  b[REQ_TYPE] = checkUint(g, 'type', r.type, U8_MAX);
  b[REQ_MASK] = r.mask ? 1 : 0;
  put64(b, REQ_ADDR, checkU64(g, 'addr', r.addr));
  return b;
}

/** The caller has checked that KVM_S390_IO_ADAPTER_REQ_SIZE bytes are readable. */
export function decodeAdapterRequest(b: Uint8Array): AdapterRequest {
  return { id: u32(b, REQ_ID), type: b[REQ_TYPE]!, mask: b[REQ_MASK] !== 0, addr: u64(b, REQ_ADDR) };
}

// ---- struct kvm_s390_ais_req (4 bytes) and kvm_s390_ais_all (2 bytes) -------------------------

const AIS_REQ_ISC = 0;
const AIS_REQ_MODE = 2;
const AIS_ALL_SIMM = 0;
const AIS_ALL_NIMM = 1;

export function encodeAisRequest(isc: number, mode: number): Uint8Array {
  const g = groupName(KVM_DEV_FLIC_AISM);
  const b = new Uint8Array(KVM_S390_AIS_REQ_SIZE);
  b[AIS_REQ_ISC] = checkUint(g, 'isc', isc, U8_MAX);
  put16(b, AIS_REQ_MODE, checkUint(g, 'mode', mode, U16_MAX));
  return b;
}

/** The caller has checked that KVM_S390_AIS_REQ_SIZE bytes are readable. */
export function decodeAisRequest(b: Uint8Array): { isc: number; mode: number } {
  return { isc: b[AIS_REQ_ISC]!, mode: u16(b, AIS_REQ_MODE) };
}

export function encodeAisAll(m: AisMasks): Uint8Array {
  const g = groupName(KVM_DEV_FLIC_AISM_ALL);
  const b = new Uint8Array(KVM_S390_AIS_ALL_SIZE);
  b[AIS_ALL_SIMM] = checkUint(g, 'simm', m.simm, U8_MAX);
  b[AIS_ALL_NIMM] = checkUint(g, 'nimm', m.nimm, U8_MAX);
  return b;
}

/** The caller has checked that KVM_S390_AIS_ALL_SIZE bytes are readable. */
export function decodeAisAll(b: Uint8Array): AisMasks {
  return { simm: b[AIS_ALL_SIMM]!, nimm: b[AIS_ALL_NIMM]! };
}

// ---- Subchannel words ------------------------------------------------------------------------

/** The subsystem-id word (an I/O record's subchannel_id): cssid << 8 | ssid << 1 | 1. */
export function subsystemIdWord(cssid: number, ssid: number): number {
  if (!isUint(cssid, 0xff) || !isUint(ssid, 0x3)) {
    throw new RangeError('subsystemIdWord: cssid must be 0..255, ssid 0..3');
  }
  return ((cssid << 8) | (ssid << 1) | 1) >>> 0;
}

/** The schid word CLEAR_IO_IRQ takes: subchannel_id << 16 | subchannel_nr, both checked. */
export function schidWord(subchannelId: number, subchannelNr: number): number {
  const g = groupName(KVM_DEV_FLIC_CLEAR_IO_IRQ);
  checkUint(g, 'subchannelId', subchannelId, U16_MAX);
  checkUint(g, 'subchannelNr', subchannelNr, U16_MAX);
  return joinSchid(subchannelId, subchannelNr);
}

/** The schid word of halves already known to fit 16 bits. */
export function joinSchid(subchannelId: number, subchannelNr: number): number {
  return ((subchannelId << 16) | subchannelNr) >>> 0;
}

export function subchannelIdOf(schid: number): number {
  return schid >>> 16;
}

export function subchannelNrOf(schid: number): number {
  return schid & U16_MAX;
}

export function encodeSchid(word: number): Uint8Array {
  const b = new Uint8Array(SCHID_SIZE);
  put32(b, 0, word);
  return b;
}

// What taking an interrupt stores into the guest's lowcore (docs/delivery.md §3, §6), as the list
// of stores the kernel makes, in its order, PSW slots excluded (the simulator swaps the PSW at the
// class's old/new offsets). Each store is the kernel's put_guest_lc of one field, big-endian.
import {
  AR_MODE_ZARCH,
  EXT_IRQ_CP_SERVICE,
  EXT_IRQ_SERVICE_SIG,
  LC_AR_MODE_ID,
  LC_EXT_CPU_ADDR,
  LC_EXT_DAMAGE_CODE,
  LC_EXT_INT_CODE,
  LC_EXT_NEW_PSW,
  LC_EXT_OLD_PSW,
  LC_EXT_PARAMS,
  LC_EXT_PARAMS2,
  LC_FIXED_LOGOUT,
  LC_IO_INT_PARM,
  LC_IO_INT_WORD,
  LC_IO_NEW_PSW,
  LC_IO_OLD_PSW,
  LC_MCCK_CODE,
  LC_MCCK_FAIL_STOR_ADDR,
  LC_MCK_NEW_PSW,
  LC_MCK_OLD_PSW,
  LC_SUBCHANNEL_ID,
  LC_SUBCHANNEL_NR,
  MCHK_FIXED_LOGOUT_SIZE,
  PFAULT_DONE_SUBCODE,
  PFAULT_INIT_SUBCODE,
  VIRTIO_PARAM_SUBCODE,
  put16,
  put32,
} from '../abi/index.js';
import type { LowcoreStore } from '../types.js';

/** The old- and new-PSW slots of one interruption class. */
export interface PswSlots {
  readonly oldPsw: number;
  readonly newPsw: number;
}

export const IO_PSW: PswSlots = { oldPsw: LC_IO_OLD_PSW, newPsw: LC_IO_NEW_PSW };
export const EXT_PSW: PswSlots = { oldPsw: LC_EXT_OLD_PSW, newPsw: LC_EXT_NEW_PSW };
export const MCHK_PSW: PswSlots = { oldPsw: LC_MCK_OLD_PSW, newPsw: LC_MCK_NEW_PSW };
/** No PSW swap: protected deliveries (the Ultravisor does it) and answers without a delivery. */
export const NO_PSW: PswSlots = { oldPsw: 0, newPsw: 0 };

function u8At(offset: number, v: number): LowcoreStore {
  return { offset, data: Uint8Array.of(v) };
}

function u16At(offset: number, v: number): LowcoreStore {
  const data = new Uint8Array(2);
  put16(data, 0, v);
  return { offset, data };
}

function u32At(offset: number, v: number): LowcoreStore {
  const data = new Uint8Array(4);
  put32(data, 0, v);
  return { offset, data };
}

/** A u64 given as its two halves. */
function u64At(offset: number, hi: number, lo: number): LowcoreStore {
  const data = new Uint8Array(8);
  put32(data, 0, hi);
  put32(data, 4, lo);
  return { offset, data };
}

/** §3.1: subchannel id and number, interruption parameter and word, exactly as injected. */
export function ioStores(schid: number, parm: number, word: number): LowcoreStore[] {
  return [u16At(LC_SUBCHANNEL_ID, schid >>> 16), u16At(LC_SUBCHANNEL_NR, schid & 0xffff), u32At(LC_IO_INT_PARM, parm), u32At(LC_IO_INT_WORD, word)];
}

/**
 * §3.2, §3.3: the service-signal code, cpu address 0 and the parameter. The 2013 device's SERVICE
 * entries store the same three fields (docs/delivery.md §6, §8).
 */
export function serviceStores(param: number): LowcoreStore[] {
  return [u16At(LC_EXT_INT_CODE, EXT_IRQ_SERVICE_SIG), u16At(LC_EXT_CPU_ADDR, 0), u32At(LC_EXT_PARAMS, param)];
}

/** §3.4: code 0x2603, subcode 0x0680 and the 64-bit token; 0x80 is not written. */
export function pfaultDoneStores(tokenHi: number, tokenLo: number): LowcoreStore[] {
  return [u16At(LC_EXT_INT_CODE, EXT_IRQ_CP_SERVICE), u16At(LC_EXT_CPU_ADDR, PFAULT_DONE_SUBCODE), u64At(LC_EXT_PARAMS2, tokenHi, tokenLo)];
}

/** The 2013 device's floating PFAULT_INIT: as PFAULT_DONE with subcode 0x0600. */
export function pfaultInitStores(tokenHi: number, tokenLo: number): LowcoreStore[] {
  return [u16At(LC_EXT_INT_CODE, EXT_IRQ_CP_SERVICE), u16At(LC_EXT_CPU_ADDR, PFAULT_INIT_SUBCODE), u64At(LC_EXT_PARAMS2, tokenHi, tokenLo)];
}

/** §3.5: code 0x2603, subcode 0x0D00, ext_params and ext_params2. */
export function virtioStores(params: number, params2Hi: number, params2Lo: number): LowcoreStore[] {
  return [
    u16At(LC_EXT_INT_CODE, EXT_IRQ_CP_SERVICE),
    u16At(LC_EXT_CPU_ADDR, VIRTIO_PARAM_SUBCODE),
    u32At(LC_EXT_PARAMS, params),
    u64At(LC_EXT_PARAMS2, params2Hi, params2Lo),
  ];
}

/**
 * §3.6: the architecture-mode id, the merged mcic, and zero extended damage code, failing storage
 * address and fixed logout (the register save areas are the simulator's).
 */
export function mchkStores(mcicHi: number, mcicLo: number): LowcoreStore[] {
  return [
    u8At(LC_AR_MODE_ID, AR_MODE_ZARCH),
    u64At(LC_MCCK_CODE, mcicHi, mcicLo),
    u32At(LC_EXT_DAMAGE_CODE, 0),
    u64At(LC_MCCK_FAIL_STOR_ADDR, 0, 0),
    { offset: LC_FIXED_LOGOUT, data: new Uint8Array(MCHK_FIXED_LOGOUT_SIZE) },
  ];
}

/** The 2013 device's machine check: today's stores without 0xA3 and 0xF4 (docs/delivery.md §6). */
export function originalMchkStores(mcicHi: number, mcicLo: number): LowcoreStore[] {
  return [
    u64At(LC_MCCK_CODE, mcicHi, mcicLo),
    u64At(LC_MCCK_FAIL_STOR_ADDR, 0, 0),
    { offset: LC_FIXED_LOGOUT, data: new Uint8Array(MCHK_FIXED_LOGOUT_SIZE) },
  ];
}

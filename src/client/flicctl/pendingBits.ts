// Pending-word bits as people write them (docs/delivery.md §1): the kernel's IRQ_PEND_* names for
// printing what Deliver took, and the parser of --local-pending, which takes a 0x mask or a list of
// bit numbers and names and refuses a bit that is not a local interrupt's before anything is sent.

import { InvalidArgumentError } from 'commander';
import {
  FLOATING_IO_BITS,
  IRQ_PEND_EXT_CLOCK_COMP,
  IRQ_PEND_EXT_CPU_TIMER,
  IRQ_PEND_EXT_EMERGENCY,
  IRQ_PEND_EXT_EXTERNAL,
  IRQ_PEND_EXT_HOST,
  IRQ_PEND_EXT_IRQ_KEY,
  IRQ_PEND_EXT_MALFUNC,
  IRQ_PEND_EXT_SERVICE,
  IRQ_PEND_EXT_SERVICE_EV,
  IRQ_PEND_EXT_TIMING,
  IRQ_PEND_MCHK_EX,
  IRQ_PEND_MCHK_REP,
  IRQ_PEND_PFAULT_DONE,
  IRQ_PEND_PFAULT_INIT,
  IRQ_PEND_PROG,
  IRQ_PEND_RESTART,
  IRQ_PEND_SET_PREFIX,
  IRQ_PEND_SIGP_STOP,
  IRQ_PEND_SVC,
  IRQ_PEND_VIRTIO,
  LOCAL_BITS,
  LOCAL_PENDING_MASK,
  U64_MAX,
  pendingBitIsc,
} from '../../device/abi/index.js';
import { hexUint } from './args.js';

const NAMES: ReadonlyMap<number, string> = new Map([
  [IRQ_PEND_SET_PREFIX, 'SET_PREFIX'],
  [IRQ_PEND_RESTART, 'RESTART'],
  [IRQ_PEND_SIGP_STOP, 'SIGP_STOP'],
  ...FLOATING_IO_BITS.map((bit) => [bit, `IO_ISC_${pendingBitIsc(bit)}`] as const),
  [IRQ_PEND_VIRTIO, 'VIRTIO'],
  [IRQ_PEND_PFAULT_DONE, 'PFAULT_DONE'],
  [IRQ_PEND_PFAULT_INIT, 'PFAULT_INIT'],
  [IRQ_PEND_EXT_HOST, 'EXT_HOST'],
  [IRQ_PEND_EXT_SERVICE, 'EXT_SERVICE'],
  [IRQ_PEND_EXT_SERVICE_EV, 'EXT_SERVICE_EV'],
  [IRQ_PEND_EXT_TIMING, 'EXT_TIMING'],
  [IRQ_PEND_EXT_CPU_TIMER, 'EXT_CPU_TIMER'],
  [IRQ_PEND_EXT_CLOCK_COMP, 'EXT_CLOCK_COMP'],
  [IRQ_PEND_EXT_EXTERNAL, 'EXT_EXTERNAL'],
  [IRQ_PEND_EXT_EMERGENCY, 'EXT_EMERGENCY'],
  [IRQ_PEND_EXT_MALFUNC, 'EXT_MALFUNC'],
  [IRQ_PEND_EXT_IRQ_KEY, 'EXT_IRQ_KEY'],
  [IRQ_PEND_MCHK_REP, 'MCHK_REP'],
  [IRQ_PEND_PROG, 'PROG'],
  [IRQ_PEND_SVC, 'SVC'],
  [IRQ_PEND_MCHK_EX, 'MCHK_EX'],
]);

/** The kernel's name of a pending-word bit, without IRQ_PEND_. */
export function pendingBitName(bit: number): string {
  return NAMES.get(bit) ?? `bit ${bit}`;
}

/** The local bits, as the help and the errors list them. */
export const LOCAL_BIT_LIST = LOCAL_BITS.map((bit) => `${bit} ${pendingBitName(bit)}`).join(', ');

const BY_NAME: ReadonlyMap<string, number> = new Map([...NAMES].map(([bit, name]) => [name, bit]));
const mask64 = hexUint(U64_MAX);

function oneBit(word: string): number {
  const name = word.trim().toUpperCase().replace(/^IRQ_PEND_/, '');
  const named = BY_NAME.get(name);
  if (named !== undefined) return named;
  if (/^\d+$/.test(name) && Number(name) < 64) return Number(name);
  throw new InvalidArgumentError(`${word.trim()} is neither a bit number 0..63 nor a pending-bit name`);
}

/** `0x…` (a mask) or `25,MCHK_EX,…` (bits by number or name); only local bits pass. */
export function localPending(value: string): bigint {
  const mask = /^\s*0x/i.test(value)
    ? mask64(value)
    : value.split(',').reduce((m, word) => m | (1n << BigInt(oneBit(word))), 0n);
  const other = mask & ~BigInt(LOCAL_PENDING_MASK);
  if (other !== 0n) {
    const bits = [...Array(64).keys()].filter((b) => ((other >> BigInt(b)) & 1n) === 1n);
    const listed = bits.map((b) => `${b} (${pendingBitName(b)})`).join(', ');
    throw new InvalidArgumentError(`${listed}: not a local interrupt's bit; the local ones are ${LOCAL_BIT_LIST}`);
  }
  return mask;
}

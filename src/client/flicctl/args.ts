// flicctl's argument parsers. Each one checks a value against the field it fills (its width, or
// the range the part can hold when flicctl packs it into a word itself), so a bad argument fails
// before any call is made, and commander's error names the argument it came with.

import { InvalidArgumentError } from 'commander';
import { MAX_ISC, U16_MAX, U32_MAX, U64_MAX, U8_MAX } from '../../device/abi/index.js';
import { KvmError } from '../../device/errno.js';
import { validateVmId } from '../../device/vmRegistry.js';

const INTEGER = /^(?:0x[0-9a-f]+|[0-9]+)$/i;

/** A non-negative integer in decimal or 0x-hex, at most `max`. */
export function bigUint(value: string, max: bigint): bigint {
  const text = value.trim().replace(/_/g, '');
  if (!INTEGER.test(text)) throw new InvalidArgumentError('expected an integer (decimal or 0x-hex)');
  const n = BigInt(text);
  if (n > max) throw new InvalidArgumentError(`must be 0..${max}${max > 0xffffn ? ` (0x${max.toString(16)})` : ''}`);
  return n;
}

/** A parser of integers in 0..max (max below 2^53). */
export function uintIn(max: number, min = 0): (value: string) => number {
  return (value) => {
    const n = Number(bigUint(value, BigInt(max)));
    if (n < min) throw new InvalidArgumentError(`must be ${min}..${max}`);
    return n;
  };
}

export const u8 = uintIn(U8_MAX);
export const u16 = uintIn(U16_MAX);
export const u32 = uintIn(U32_MAX);
export const u64 = (value: string): bigint => bigUint(value, U64_MAX);
/** An interruption subclass: flicctl puts it into 3 bits, so 0..7 only. */
export const isc = uintIn(MAX_ISC);

const HEX = /^(?:0x)?[0-9a-f]+$/i;

/**
 * A register or mask, always read as hex (0x optional, underscores allowed): PSW masks and control
 * registers are written that way, and `100` must not silently become 0x64.
 */
export function hexUint(max: bigint): (value: string) => bigint {
  return (value) => {
    const text = value.trim().replace(/_/g, '');
    if (!HEX.test(text)) throw new InvalidArgumentError('expected hex digits, 0x optional (for example 0x0200000000000000)');
    const n = BigInt(/^0x/i.test(text) ? text : `0x${text}`);
    if (n > max) throw new InvalidArgumentError(`must be at most 0x${max.toString(16)}`);
    return n;
  };
}

export const hex64 = hexUint(U64_MAX);
export const hex32 = (value: string): number => Number(hexUint(BigInt(U32_MAX))(value));

/** Bytes as hex digits, with an optional 0x and any spaces, colons or underscores between them. */
export function hexBytes(value: string): Uint8Array {
  const digits = value
    .trim()
    .replace(/^0x/i, '')
    .replace(/[\s:_]/g, '');
  if (!/^[0-9a-f]*$/i.test(digits)) throw new InvalidArgumentError('expected hex digits (for example 0001ff or "00 01 ff")');
  if (digits.length % 2 !== 0) throw new InvalidArgumentError(`expected whole bytes: ${digits.length} hex digits is odd`);
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}

/** A VM id as the server accepts it (flic's registry rule). */
export function vmId(value: string): string {
  try {
    return validateVmId(value);
  } catch (err) {
    if (err instanceof KvmError) throw new InvalidArgumentError(err.detail);
    throw err;
  }
}

/** One of the given names, or a number in 0..max (for values the kernel must reject). */
export function namedOrUint<N extends string>(names: Readonly<Record<N, number>>, max: number): (value: string) => number {
  const parseNumber = uintIn(max);
  return (value) => {
    const named = (names as Readonly<Record<string, number>>)[value];
    if (named !== undefined) return named;
    try {
      return parseNumber(value);
    } catch {
      throw new InvalidArgumentError(`expected ${Object.keys(names).join(', ')} or a number 0..${max}`);
    }
  };
}

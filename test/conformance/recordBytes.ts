// Byte builders for the conformance vectors' notation (kernel-vectors.md, "Records"); the typed
// records of the same notation are test/support/typedRecords.ts.
// Written independently of src/device/abi/ on purpose: the vectors must not share the codec
// they are checking.

const SIZE = 72;

function be(bytes: Uint8Array, offset: number, value: bigint, width: number): void {
  for (let i = 0; i < width; i++) bytes[offset + i] = Number((value >> BigInt(8 * (width - 1 - i))) & 0xffn);
}

function rec(type: bigint | number): Uint8Array {
  const r = new Uint8Array(SIZE);
  be(r, 0, BigInt(type), 8);
  return r;
}

export function IO(type: number | bigint, sid: number, nr: number, parm: number, word: number): Uint8Array {
  const r = rec(type);
  be(r, 8, BigInt(sid), 2);
  be(r, 10, BigInt(nr), 2);
  be(r, 12, BigInt(parm), 4);
  be(r, 16, BigInt(word), 4);
  return r;
}

export function EXT(type: number, p: number, pad: number, p2: bigint | number): Uint8Array {
  const r = rec(type);
  be(r, 8, BigInt(p), 4);
  be(r, 12, BigInt(pad), 4);
  be(r, 16, BigInt(p2), 8);
  return r;
}

export const SVC = (p: number): Uint8Array => EXT(0xffff2401, p, 0, 0);
export const VIRTIO = (p: number, pad: number, p2: number | bigint): Uint8Array => EXT(0xffff2603, p, pad, p2);
export const PFD = (p: number, pad: number, p2: number | bigint): Uint8Array => EXT(0xfffe0005, p, pad, p2);

export function MCHK(cr14: bigint | number, mcic: bigint | number, fsa: bigint | number = 0, edc = 0, logout?: Uint8Array): Uint8Array {
  const r = rec(0xfffe1000);
  be(r, 8, BigInt(cr14), 8);
  be(r, 16, BigInt(mcic), 8);
  be(r, 24, BigInt(fsa), 8);
  be(r, 32, BigInt(edc), 4);
  if (logout !== undefined) r.set(logout, 40);
  return r;
}

export const RAW = (type: number | bigint): Uint8Array => rec(type);

/** The record GET_ALL_IRQS produces for an adapter interrupt of an ISC. */
export const AI = (isc: number): Uint8Array => IO(0x04000000, 0, 0, 0, (0x80000000 | (isc << 27)) >>> 0);

/** The standard I/O records (cssid 0xFE, ssid 0). */
export const A = IO(0x03f80005, 0xfe01, 0x0005, 0x000000a1, 0x18000000);
export const B = IO(0x03f80006, 0xfe01, 0x0006, 0x000000b2, 0x08000000);
export const C = IO(0x03f80007, 0xfe01, 0x0007, 0x000000c3, 0x38000000);
export const D = IO(0x03f80008, 0xfe01, 0x0008, 0x000000d4, 0x00000000);

export function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

/** Records built by a function of their index, concatenated (for the limit vectors). */
export function many(count: number, make: (k: number) => Uint8Array): Uint8Array {
  const out = new Uint8Array(count * SIZE);
  for (let k = 0; k < count; k++) out.set(make(k), k * SIZE);
  return out;
}

/** V33's fill: record k = IO(k, 0x0001, k mod 65536, 0, (k mod 8) << 27), record 0 = IO(0, 0xFE01, 5, 0, ISC 3). */
export function fillIo(count = 266250): Uint8Array {
  return many(count, (k) => (k === 0 ? IO(0, 0xfe01, 0x0005, 0, 0x18000000) : IO(k, 0x0001, k % 65536, 0, ((k % 8) << 27) >>> 0)));
}

export function schid(word: number): Uint8Array {
  const r = new Uint8Array(4);
  be(r, 0, BigInt(word), 4);
  return r;
}

export const RECORD_SIZE = SIZE;

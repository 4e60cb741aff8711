// The FLIC state format (docs/state.md, proto/flic/state/v1/state.proto): a 20-byte header — the
// magic "FLICSTAT", the format version, the payload's length and its CRC-32C — and a VmState
// message. decodeFlicState checks the frame before it reads the payload, then the payload's wire
// format, then whether a kernel could hold the state; each failure is EINVAL with a detail.
import { OP_IMPORT_VM, put32, u32 } from '../abi/index.js';
import { KvmError } from '../errno.js';
import { crc32c } from './crc32c.js';
import { checkImage } from './imageCheck.js';
import { decodeVmState, encodeVmState } from './vmStateCodec.js';
import type { VmImage } from './vmImage.js';

/** ASCII "FLICSTAT". */
export const FLIC_STATE_MAGIC: Uint8Array = Uint8Array.from([0x46, 0x4c, 0x49, 0x43, 0x53, 0x54, 0x41, 0x54]);
export const FLIC_STATE_VERSION = 1;
export const FLIC_STATE_HEADER_SIZE = 20;
const VERSION_OFFSET = 8;
const LENGTH_OFFSET = 12;
const CRC_OFFSET = 16;

function malformed(detail: string): KvmError {
  return new KvmError('EINVAL', OP_IMPORT_VM, `not a valid FLIC-format state: ${detail}`);
}

export function encodeFlicState(image: VmImage): Uint8Array {
  const w = encodeVmState(image);
  const out = new Uint8Array(FLIC_STATE_HEADER_SIZE + w.length);
  out.set(FLIC_STATE_MAGIC, 0);
  put32(out, VERSION_OFFSET, FLIC_STATE_VERSION);
  put32(out, LENGTH_OFFSET, w.length);
  w.writeInto(out, FLIC_STATE_HEADER_SIZE);
  put32(out, CRC_OFFSET, crc32c(out, FLIC_STATE_HEADER_SIZE));
  return out;
}

/** The state a blob holds, checked; EINVAL with a detail for anything else. */
export function decodeFlicState(blob: Uint8Array): VmImage {
  if (blob.length < FLIC_STATE_HEADER_SIZE) {
    throw malformed(`${blob.length} bytes is shorter than the ${FLIC_STATE_HEADER_SIZE}-byte header`);
  }
  for (let i = 0; i < FLIC_STATE_MAGIC.length; i++) {
    if (blob[i] !== FLIC_STATE_MAGIC[i]) throw malformed('the magic is not "FLICSTAT"');
  }
  const version = u32(blob, VERSION_OFFSET);
  if (version !== FLIC_STATE_VERSION) throw malformed(`format version ${version} is unknown (this flic reads version ${FLIC_STATE_VERSION})`);
  const length = u32(blob, LENGTH_OFFSET);
  const actual = blob.length - FLIC_STATE_HEADER_SIZE;
  if (length !== actual) throw malformed(`the header says ${length} payload bytes, the blob has ${actual} (truncated or extended)`);
  const crc = crc32c(blob, FLIC_STATE_HEADER_SIZE);
  const expected = u32(blob, CRC_OFFSET);
  if (crc !== expected) {
    throw malformed(`the payload's CRC-32C is 0x${crc.toString(16).padStart(8, '0')}, the header says 0x${expected.toString(16).padStart(8, '0')} (corrupted)`);
  }
  return checkImage(decodeVmState(blob.subarray(FLIC_STATE_HEADER_SIZE)));
}

// The files of a state directory (docs/state.md, "The state directory"): their names, their
// 12-byte header (an 8-byte magic and a version) and their records (a big-endian u32 length, a
// CRC-32C of the payload, the payload). Reading a journal tells a torn last record, the trace of a
// crash in mid-write, from damage anywhere else, which stops the start.
import { crc32c } from '../../device/index.js';
import type { ProtoWriter } from '../../device/state/protoWire.js';

export const SNAPSHOT_MAGIC = 'FLICSNAP';
export const JOURNAL_MAGIC = 'FLICJRNL';
export const STATE_FILE_VERSION = 1;
export const FILE_HEADER_SIZE = 12;
export const RECORD_HEADER_SIZE = 8;
/** No record is larger (a snapshot's VM of 27 MB is the largest; this stops a garbage length early). */
const MAX_RECORD = 1 << 30;
const SEGMENT_DIGITS = 20;

export type StateFileKind = 'snapshot' | 'journal';

export interface StateFileName {
  readonly kind: StateFileKind | 'temporary';
  readonly segment: number;
}

const NAME = /^(snapshot|journal)-(\d{20})\.(flic|log)(\.tmp)?$/;

export function snapshotName(segment: number): string {
  return `snapshot-${String(segment).padStart(SEGMENT_DIGITS, '0')}.flic`;
}

export function journalName(segment: number): string {
  return `journal-${String(segment).padStart(SEGMENT_DIGITS, '0')}.log`;
}

/** What a file name in the directory is; null for files flic did not write (lost+found, …). */
export function parseStateFileName(name: string): StateFileName | null {
  const m = NAME.exec(name);
  if (m === null) return null;
  const kind = m[1] as StateFileKind;
  if ((kind === 'snapshot') !== (m[3] === 'flic')) return null;
  return { kind: m[4] === undefined ? kind : 'temporary', segment: Number(m[2]) };
}

/** A file that cannot be read as what its name says: the start stops and names it. */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'StateFileError';
  }
}

export function fileHeader(magic: string): Buffer {
  const b = Buffer.alloc(FILE_HEADER_SIZE);
  b.write(magic, 0, 'latin1');
  b.writeUInt32BE(STATE_FILE_VERSION, 8);
  return b;
}

/** One record: length, CRC-32C, payload. */
export function frameRecord(payload: ProtoWriter): Buffer {
  const b = Buffer.allocUnsafe(RECORD_HEADER_SIZE + payload.length);
  b.writeUInt32BE(payload.length, 0);
  payload.writeInto(b, RECORD_HEADER_SIZE);
  b.writeUInt32BE(crc32c(b, RECORD_HEADER_SIZE), 4);
  return b;
}

export interface FileRecords {
  readonly records: Uint8Array[];
  /** Bytes up to the end of the last whole record (where a torn tail is cut off). */
  readonly validEnd: number;
  /** The torn last record, when the file ends in one. */
  readonly torn: { readonly offset: number; readonly reason: string } | null;
}

/**
 * The records of a file. `tornAllowed`: a last record that runs past the end of the file or fails
 * its checksum right at the end is a torn write and is reported, not thrown; a bad record with
 * anything after it, a bad header, or any damage where no torn write can be is a StateFileError.
 */
export function readRecords(file: string, bytes: Uint8Array, magic: string, tornAllowed: boolean): FileRecords {
  if (bytes.length < FILE_HEADER_SIZE) {
    if (tornAllowed && Buffer.from(bytes).equals(fileHeader(magic).subarray(0, bytes.length))) {
      return { records: [], validEnd: 0, torn: { offset: 0, reason: `the file header is cut short at ${bytes.length} bytes` } };
    }
    throw new StateFileError(file, `${bytes.length} bytes is shorter than the ${FILE_HEADER_SIZE}-byte header`);
  }
  const header = Buffer.from(bytes.buffer, bytes.byteOffset, FILE_HEADER_SIZE);
  if (header.toString('latin1', 0, 8) !== magic) throw new StateFileError(file, `the magic is not ${magic}`);
  const version = header.readUInt32BE(8);
  if (version !== STATE_FILE_VERSION) throw new StateFileError(file, `version ${version} is unknown (this flic reads version ${STATE_FILE_VERSION})`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let o = FILE_HEADER_SIZE;
  while (o < bytes.length) {
    const problem = recordProblem(dv, bytes, o);
    if (problem === null) {
      const length = dv.getUint32(o);
      records.push(bytes.subarray(o + RECORD_HEADER_SIZE, o + RECORD_HEADER_SIZE + length));
      o += RECORD_HEADER_SIZE + length;
      continue;
    }
    if (tornAllowed && problem.reachesEnd) return { records, validEnd: o, torn: { offset: o, reason: problem.reason } };
    throw new StateFileError(file, `the record at byte ${o} ${problem.reason}${problem.reachesEnd ? '' : ', and data follows it'}`);
  }
  return { records, validEnd: o, torn: null };
}

function recordProblem(dv: DataView, bytes: Uint8Array, o: number): { reason: string; reachesEnd: boolean } | null {
  if (o + RECORD_HEADER_SIZE > bytes.length) return { reason: 'has an incomplete header', reachesEnd: true };
  const length = dv.getUint32(o);
  const end = o + RECORD_HEADER_SIZE + length;
  if (length > MAX_RECORD) return { reason: `claims ${length} bytes`, reachesEnd: false };
  if (end > bytes.length) return { reason: `claims ${length} bytes, ${bytes.length - o - RECORD_HEADER_SIZE} are there`, reachesEnd: true };
  if (crc32c(bytes, o + RECORD_HEADER_SIZE, end) !== dv.getUint32(o + 4)) return { reason: 'fails its CRC-32C', reachesEnd: end === bytes.length };
  return null;
}

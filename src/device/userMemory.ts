// The memory at addr, as the emulator sees it (spec §2.4): the bytes the client supplied, or a
// fault on every access. EFAULT arises exactly when the kernel would copy and the copy fails.
import { KvmError } from './errno.js';
import type { AttrCall } from './types.js';

/** Bytes readable at addr: 0 when every access faults. */
function readableBytes(call: AttrCall): number {
  return call.badAddr ? 0 : call.data.length;
}

/**
 * Throw EFAULT unless `size` bytes at `offset` of addr can be read. `what` names the object read;
 * `index`, when given, is appended as "of record N" only when the error is built (this check runs
 * for every ENQUEUE record, so nothing is formatted on success).
 */
export function requireReadable(call: AttrCall, group: string, offset: number, size: number, what: string, index = -1): void {
  if (offset + size > readableBytes(call)) {
    if (index >= 0) what = `${what} of record ${index}`;
    throw new KvmError(
      'EFAULT',
      group,
      call.badAddr
        ? `cannot read ${what}: addr is not accessible`
        : `cannot read ${what}: ${size} bytes at offset ${offset}, but only ${call.data.length} bytes are readable at addr`,
    );
  }
}

/** Throw EFAULT if the caller's destination cannot be written. */
export function requireWritable(call: AttrCall, group: string, what: string): void {
  if (call.badAddr) throw new KvmError('EFAULT', group, `cannot write ${what}: addr is not accessible`);
}

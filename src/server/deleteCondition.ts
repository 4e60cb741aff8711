// DeleteVm's condition (expected_state_sha256): the VM goes only if its FLIC-format export still
// hashes to what the caller exported before. The check and the delete run in one synchronous
// step, so no call can change the VM in between: a rebalance that deletes the old copy this way
// never loses a change made after it copied the state (docs/state.md, "Rebalancing").
import { createHash } from 'node:crypto';
import { OP_VM, type VmRegistry } from '../device/index.js';
import { KvmError } from '../device/errno.js';

const SHA256_BYTES = 32;

/** Nothing when `sha256` is empty; EINVAL for a digest of the wrong size; ESTALE when the VM changed. */
export function requireUnchangedState(vms: VmRegistry, vmId: string, sha256: Uint8Array): void {
  if (sha256.length === 0) return;
  if (sha256.length !== SHA256_BYTES) {
    throw new KvmError('EINVAL', OP_VM, `expected_state_sha256 is ${sha256.length} bytes, a SHA-256 is ${SHA256_BYTES}`);
  }
  const digest = createHash('sha256').update(vms.exportVm(vmId)).digest();
  if (!digest.equals(sha256)) {
    throw new KvmError('ESTALE', OP_VM, `VM ${vmId} changed since the state named by expected_state_sha256 was exported; it was not deleted`);
  }
}

// A vCPU's state as a delivery request carries it (CpuState, 64-bit registers as bigint), checked
// and cut into the 32-bit words the gates read. Every bit a gate looks at is in one known word:
// the PSW masks in the high word of the PSW's first doubleword, CR0's subclass masks and CR6's
// ISC bits in their registers' low words; CR14 is compared whole.
import {
  IICTL_CODE_MAX,
  IICTL_CODE_NONE,
  LOCAL_PENDING_MASK,
  OP_DELIVER,
  U32_MAX,
  checkU64,
  checkUint,
  hi32,
  lo32,
} from '../abi/index.js';
import { KvmError } from '../errno.js';
import type { CpuState, VmConfig } from '../types.js';

const NOT_LOCAL = ~BigInt(LOCAL_PENDING_MASK);

export interface CpuWords {
  readonly cpuId: number;
  /** High word of the PSW mask. */
  readonly pswHi: number;
  /** Low word of CR0. */
  readonly cr0: number;
  /** Low word of CR6. */
  readonly cr6: number;
  readonly cr14Hi: number;
  readonly cr14Lo: number;
  /** The local pending bits (only local ones: checked). */
  readonly local: number;
  readonly localCr14Hi: number;
  readonly localCr14Lo: number;
  readonly iictl: number;
}

/**
 * EINVAL for a state no vCPU of this VM can be in: a cpu_id past max_vcpus, a pending bit that
 * is not a local interrupt's, an iictl past 4 or on a vCPU that is not protected.
 */
export function checkCpuState(cpu: CpuState, config: VmConfig): CpuWords {
  const g = OP_DELIVER;
  if (typeof cpu !== 'object' || cpu === null) throw new KvmError('EINVAL', g, 'cpu must be a CpuState');
  const cpuId = checkUint(g, 'cpuId', cpu.cpuId, U32_MAX);
  if (cpuId >= config.maxVcpus) throw new KvmError('EINVAL', g, `cpuId ${cpuId} is not below maxVcpus (${config.maxVcpus})`);
  const psw = checkU64(g, 'pswMask', cpu.pswMask);
  const cr0 = checkU64(g, 'cr0', cpu.cr0);
  const cr6 = checkU64(g, 'cr6', cpu.cr6);
  const cr14 = checkU64(g, 'cr14', cpu.cr14);
  const local = checkU64(g, 'localPending', cpu.localPending ?? 0n);
  if ((local & NOT_LOCAL) !== 0n) {
    const other = local & NOT_LOCAL;
    throw new KvmError('EINVAL', g, `localPending 0x${local.toString(16)} has bits 0x${other.toString(16)} that are not local interrupts`);
  }
  const localCr14 = checkU64(g, 'localMchkCr14', cpu.localMchkCr14 ?? 0n);
  const iictl = checkUint(g, 'iictl', cpu.iictl ?? IICTL_CODE_NONE, IICTL_CODE_MAX);
  if (iictl !== IICTL_CODE_NONE && !config.protected) {
    throw new KvmError('EINVAL', g, `iictl ${iictl} on a vCPU of a VM that is not protected`);
  }
  return {
    cpuId,
    pswHi: hi32(psw),
    cr0: lo32(cr0),
    cr6: lo32(cr6),
    cr14Hi: hi32(cr14),
    cr14Lo: lo32(cr14),
    local: lo32(local),
    localCr14Hi: hi32(localCr14),
    localCr14Lo: lo32(localCr14),
    iictl,
  };
}

// VM configuration (spec §1.3): defaults, and validation of what a client asks for.
import { KVM_MAX_VCPUS, OP_VM, U64_MAX } from './abi/index.js';
import { KvmError } from './errno.js';
import type { AdapterMapMode, GuestMemoryRange, KernelProfile, VmConfig } from './types.js';

/** A fresh KVM VM: no AIS facility, no GISA, current kernel, MAP/UNMAP as no-ops. */
export const DEFAULT_VM_CONFIG: VmConfig = Object.freeze({
  ais: false,
  gisa: false,
  ucontrol: false,
  protected: false,
  maxVcpus: KVM_MAX_VCPUS,
  adapterMapMode: 'noop',
  profile: 'current',
  guestMemory: null,
});

const PROFILES: readonly KernelProfile[] = ['current', 'original'];
const MAP_MODES: readonly AdapterMapMode[] = ['noop', 'legacy', 'tracked'];

function invalid(detail: string): KvmError {
  return new KvmError('EINVAL', OP_VM, detail);
}

/**
 * Guest memory ranges a VM may describe. An s390 VM has at most 32 memory slots
 * (KVM_USER_MEM_SLOTS), so this leaves room for finer descriptions while keeping a VM's
 * configuration small: the gRPC request decoder refuses more before it builds any range.
 */
export const GUEST_MEMORY_MAX_RANGES = 1024;

function checkRanges(ranges: readonly GuestMemoryRange[]): readonly GuestMemoryRange[] {
  if (ranges.length > GUEST_MEMORY_MAX_RANGES) {
    throw invalid(`guestMemory has ${ranges.length} ranges, the limit is ${GUEST_MEMORY_MAX_RANGES}`);
  }
  return Object.freeze(
    ranges.map((r, i) => {
      if (r.start < 0n || r.size <= 0n || r.start + r.size - 1n > U64_MAX) {
        throw invalid(`guestMemory[${i}] must be a non-empty range inside the 64-bit address space`);
      }
      return Object.freeze({ start: r.start, size: r.size });
    }),
  );
}

/** Fill in defaults and reject what no kernel can be configured as (EINVAL). */
export function resolveVmConfig(partial: Partial<VmConfig> = {}): VmConfig {
  const c = { ...DEFAULT_VM_CONFIG, ...stripUndefined(partial) };
  if (!Number.isInteger(c.maxVcpus) || c.maxVcpus < 1 || c.maxVcpus > KVM_MAX_VCPUS) {
    throw invalid(`maxVcpus must be 1..${KVM_MAX_VCPUS}, got ${c.maxVcpus}`);
  }
  if (!PROFILES.includes(c.profile)) throw invalid(`unknown kernel profile ${String(c.profile)}`);
  if (!MAP_MODES.includes(c.adapterMapMode)) {
    throw invalid(`unknown adapter map mode ${String(c.adapterMapMode)}`);
  }
  if (c.profile === 'original') {
    // The 2013 device has none of these: accepting them would silently do nothing.
    if (c.ais) throw invalid('the original (2013) profile has no AIS support');
    if (c.gisa) throw invalid('the original (2013) profile has no GISA support');
    if (c.adapterMapMode !== 'noop') throw invalid('the original (2013) profile has no adapter groups');
    if (c.protected) throw invalid('the original (2013) profile has no protected (Secure Execution) guests');
  }
  if (isDefault(c)) return DEFAULT_VM_CONFIG;
  return Object.freeze({ ...c, guestMemory: c.guestMemory === null ? null : checkRanges(c.guestMemory) });
}

function stripUndefined(p: Partial<VmConfig>): Partial<VmConfig> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
  return out as Partial<VmConfig>;
}

// Sharing one frozen object keeps an idle default VM small.
function isDefault(c: VmConfig): boolean {
  return (Object.keys(DEFAULT_VM_CONFIG) as (keyof VmConfig)[]).every((k) => c[k] === DEFAULT_VM_CONFIG[k]);
}
